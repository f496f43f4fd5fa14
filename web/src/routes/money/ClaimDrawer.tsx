import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Skeleton,
  Tag,
  Timeline,
  type TimelineProps,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/problem';
import {
  getRecoveryClaim,
  writeOffClaim,
  type RecoveryClaimDetail,
  type RecoveryClaimItem,
} from '../../api/money';
import { useCurrentUser } from '../../auth/current-user';
import { FormErrorAlert, useFormError } from '../../components/case/FormError';
import { enumLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { useI18n, type Language, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { fenToYuan, formatFen, yuanToFen } from '../../lib/money';

export const CLAIMS_KEY = ['money', 'recovery-claims'] as const;
export const CLAIM_STATUS_COLORS: Record<string, string> = {
  open: 'orange',
  recovered: 'green',
  written_off: 'default',
};

type WriteOffValues = { amountYuan?: number | null; reason: string };
const newKey = () => `write-off-${crypto.randomUUID()}`;

/**
 * 核销: some or all of what the claim still owes, with a reason, confirmed before it is sent. The
 * Idempotency-Key is kept until the server answers, so a request retried after a lost answer is answered by
 * the first write-off; after a refusal the next attempt gets a new key (the server keeps a key's answer).
 */
function WriteOffModal({ claim, onClose }: { claim: RecoveryClaimItem; onClose: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WriteOffValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const [key, setKey] = useState(newKey);
  const owed = formatFen(claim.owedFen);
  const save = useMutation({
    mutationFn: (v: WriteOffValues) =>
      writeOffClaim(
        claim.id,
        {
          reason: v.reason,
          ...(v.amountYuan ? { amountFen: String(yuanToFen(v.amountYuan)) } : {}),
        },
        key,
      ),
    onSuccess: (done) => {
      void queryClient.invalidateQueries({ queryKey: CLAIMS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['money', 'fund'] });
      void message.success(t('claims.writeOff.done', { amount: formatFen(done.writeOff.amountFen) }));
      onClose();
    },
    onError: (error) => {
      // Answered (not lost on the way): the key is spent on that answer, the next attempt needs its own.
      if (error instanceof ApiError && error.status > 0) setKey(newKey());
      const owedNow = error instanceof ApiError ? error.fenExtension('owedFen') : undefined;
      if (owedNow === undefined) return onError(error);
      // EXCEEDS_OWED: the claim moved since the page loaded; say what is owed now, on the amount.
      void queryClient.invalidateQueries({ queryKey: CLAIMS_KEY });
      form.setFields([
        { name: 'amountYuan', errors: [t('claims.writeOff.owedNow', { owed: formatFen(owedNow) })] },
      ]);
    },
  });
  const confirm = (v: WriteOffValues) => {
    setFormError(null);
    const amount = v.amountYuan ? formatFen(yuanToFen(v.amountYuan)) : owed;
    modal.confirm({
      title: t('claims.writeOff.confirm', { amount }),
      okText: t('claims.writeOff.submit'),
      okButtonProps: { danger: true },
      cancelText: t('admin.cancel'),
      onOk: () => save.mutateAsync(v).catch(() => undefined),
    });
  };
  return (
    <Modal
      open
      title={t('claims.writeOff.title')}
      okText={t('claims.writeOff')}
      okButtonProps={{ danger: true }}
      cancelText={t('admin.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p className="muted-small">{t('claims.writeOff.about', { owed })}</p>
      <Form<WriteOffValues> form={form} layout="vertical" onFinish={confirm} data-testid="write-off-form">
        <Form.Item
          name="amountYuan"
          label={t('claims.writeOff.amount')}
          rules={[
            {
              type: 'number',
              max: fenToYuan(claim.owedFen),
              message: t('claims.writeOff.amountTooBig', { owed }),
            },
          ]}
        >
          <InputNumber
            min={0.01}
            precision={2}
            prefix="¥"
            style={{ width: '100%' }}
            inputMode="decimal"
            placeholder={t('claims.writeOff.amountPlaceholder', { owed })}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('claims.writeOff.reason')}
          rules={[{ required: true, whitespace: true, message: t('claims.writeOff.reason.required') }]}
        >
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
        <FormErrorAlert error={formError} />
      </Form>
    </Modal>
  );
}

function historyItems(d: RecoveryClaimDetail, t: Translate, language: Language): TimelineProps['items'] {
  const opened = {
    key: 'opened',
    color: 'blue',
    content: (
      <div className="timeline-entry">
        <div className="timeline-entry__title">
          {d.compensation
            ? t('claims.detail.opened', {
                amount: formatFen(d.amountFen),
                total: formatFen(d.compensation.amountFen),
                fromDeposit: formatFen(d.compensation.fromDepositFen),
                reason: d.compensation.reason,
              })
            : t('claims.detail.openedNoCompensation', { amount: formatFen(d.amountFen) })}
        </div>
        <div className="muted-small">
          <time dateTime={d.createdAt}>{formatDateTime(d.createdAt, language)}</time>
        </div>
      </div>
    ),
  };
  return [
    opened,
    ...d.history.map((e) => ({
      key: e.id,
      color: e.kind === 'recovered' ? 'green' : 'gray',
      content: (
        <div className="timeline-entry">
          <div className="timeline-entry__title">
            {t(`claims.history.${e.kind}`, { amount: formatFen(e.amountFen) })}
          </div>
          <div className="muted-small">
            <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, language)}</time>
            {e.actorName ? <span> · {t('claims.history.by', { name: e.actorName })}</span> : null}
            {e.recoveryId ? <span> · {t('claims.history.recovery', { id: e.recoveryId })}</span> : null}
          </div>
          {e.reason ? <div className="timeline-entry__detail">{e.reason}</div> : null}
        </div>
      ),
    })),
  ];
}

/** One claim: its figures, what opened it and its history; a supervisor writes off from here. */
export function ClaimDrawer({ claimId, onClose }: { claimId: string; onClose: () => void }) {
  const { t, language } = useI18n();
  const me = useCurrentUser();
  const [writingOff, setWritingOff] = useState(false);
  const detail = useQuery({
    queryKey: [...CLAIMS_KEY, 'detail', claimId],
    queryFn: ({ signal }) => getRecoveryClaim(claimId, signal),
  });
  const d = detail.data;
  const canWriteOff = me.permissions.includes('fund:write-off') && d?.status === 'open';
  return (
    <Drawer
      open
      onClose={onClose}
      size="large"
      title={t('claims.detail.title', { id: claimId })}
      data-testid="claim-drawer"
      extra={
        canWriteOff ? (
          <Button danger onClick={() => setWritingOff(true)}>
            {t('claims.writeOff')}
          </Button>
        ) : null
      }
    >
      {detail.isPending ? (
        <Skeleton active />
      ) : detail.isError || !d ? (
        <ErrorResult
          title={t('claims.detail.loadError')}
          error={detail.error}
          onRetry={() => void detail.refetch()}
        />
      ) : (
        <>
          <Descriptions
            column={{ xs: 1, sm: 2 }}
            size="small"
            data-testid="claim-figures"
            items={[
              { key: 'merchant', label: t('claims.col.merchant'), children: d.merchantName ?? d.merchantId },
              {
                key: 'status',
                label: t('claims.col.status'),
                children: (
                  <Tag color={CLAIM_STATUS_COLORS[d.status]}>
                    {enumLabel(t, 'standing.claimStatus', d.status)}
                  </Tag>
                ),
              },
              { key: 'amount', label: t('claims.col.amount'), children: formatFen(d.amountFen) },
              { key: 'recovered', label: t('claims.col.recovered'), children: formatFen(d.recoveredFen) },
              { key: 'writtenOff', label: t('claims.col.writtenOff'), children: formatFen(d.writtenOffFen) },
              {
                key: 'owed',
                label: t('claims.col.owed'),
                children: <strong data-testid="claim-owed">{formatFen(d.owedFen)}</strong>,
              },
              {
                key: 'case',
                label: t('claims.col.case'),
                children: d.caseId ? <span className="mono">{d.caseId}</span> : '—',
              },
            ]}
          />
          <h3 className="subheading section-gap">{t('claims.detail.history')}</h3>
          {d.history.length === 0 && !d.compensation ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Timeline items={historyItems(d, t, language)} data-testid="claim-history" />
          )}
          {writingOff ? <WriteOffModal claim={d} onClose={() => setWritingOff(false)} /> : null}
        </>
      )}
    </Drawer>
  );
}
