import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getMerchant, withdrawDeposit } from '../../api/money';
import { ApiError } from '../../api/problem';
import { getMerchantMoney, type MerchantMoney } from '../../api/standing';
import { useCurrentUser } from '../../auth/current-user';
import { FormErrorAlert, useFormError } from '../../components/case/FormError';
import { ErrorResult } from '../../components/ErrorResult';
import { KpiCards, type Kpi } from '../../components/KpiCards';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n';
import { fenToYuan, formatFen, yuanToFen } from '../../lib/money';
import { MoneyMovements } from '../merchant/MoneyMovements';

type WithdrawValues = { amountYuan: number; reference: string };

/** A reference for a new withdrawal: the day and a random tail, so each dialog pays once however often sent. */
const newReference = () =>
  `WD-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${crypto.randomUUID().slice(0, 8)}`;

/**
 * 退还保证金: the withdrawable amount is shown before anything is typed and caps the amount; the payout is
 * confirmed before it is sent. A 422 EXCEEDS_WITHDRAWABLE (the figure moved meanwhile) says the new figure.
 */
function WithdrawModal({ money, onClose }: { money: MerchantMoney; onClose: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WithdrawValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const [reference] = useState(newReference);
  const withdrawable = formatFen(money.withdrawableFen);
  const save = useMutation({
    mutationFn: (v: WithdrawValues) =>
      withdrawDeposit(money.merchantId, {
        amountFen: String(yuanToFen(v.amountYuan)),
        reference: v.reference,
      }),
    onSuccess: (done) => {
      void queryClient.invalidateQueries({ queryKey: ['merchant', money.merchantId] });
      void message.success(t('merchantMoney.withdraw.done', { amount: formatFen(done.amountFen) }));
      onClose();
    },
    onError: (error) => {
      const now = error instanceof ApiError ? error.fenExtension('withdrawableFen') : undefined;
      if (now === undefined) return onError(error);
      void queryClient.invalidateQueries({ queryKey: ['merchant', money.merchantId] });
      form.setFields([
        { name: 'amountYuan', errors: [t('merchantMoney.withdraw.exceeds', { amount: formatFen(now) })] },
      ]);
    },
  });
  const confirm = (v: WithdrawValues) => {
    setFormError(null);
    modal.confirm({
      title: t('merchantMoney.withdraw.confirm', { amount: formatFen(yuanToFen(v.amountYuan)) }),
      okText: t('merchantMoney.withdraw.submit'),
      cancelText: t('admin.cancel'),
      onOk: () => save.mutateAsync(v).catch(() => undefined),
    });
  };
  return (
    <Modal
      open
      title={t('merchantMoney.withdraw.title')}
      okText={t('merchantMoney.withdraw')}
      cancelText={t('admin.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        className="toolbar"
        data-testid="withdrawable-hint"
        title={t('merchantMoney.withdraw.about', { amount: withdrawable })}
      />
      <Form<WithdrawValues>
        form={form}
        layout="vertical"
        initialValues={{ reference }}
        onFinish={confirm}
        data-testid="withdraw-form"
      >
        <Form.Item
          name="amountYuan"
          label={t('merchantMoney.withdraw.amount')}
          rules={[
            { required: true, message: t('merchantMoney.withdraw.amount.required') },
            {
              type: 'number',
              max: fenToYuan(money.withdrawableFen),
              message: t('merchantMoney.withdraw.amountTooBig', { amount: withdrawable }),
            },
          ]}
        >
          <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="reference"
          label={t('merchantMoney.withdraw.reference')}
          extra={t('merchantMoney.withdraw.referenceHint')}
          rules={[
            { required: true, whitespace: true, message: t('merchantMoney.withdraw.reference.required') },
          ]}
        >
          <Input maxLength={100} className="mono" />
        </Form.Item>
        <FormErrorAlert error={formError} />
      </Form>
    </Modal>
  );
}

/**
 * 商家资金 (supervisor, admin): one merchant's deposit, what of it may be paid back, pending settlement and
 * debts, with its payouts and deposit payments — where the admin pays part of the deposit back.
 */
export default function MerchantMoneyPage() {
  const { merchantId = '' } = useParams();
  const { t } = useI18n();
  const me = useCurrentUser();
  const [withdrawing, setWithdrawing] = useState(false);
  const merchant = useQuery({
    queryKey: ['merchant', merchantId, 'profile'],
    queryFn: ({ signal }) => getMerchant(merchantId, signal),
  });
  const money = useQuery({
    queryKey: ['merchant', merchantId, 'money'],
    queryFn: ({ signal }) => getMerchantMoney(merchantId, signal),
  });
  const m = money.data;
  const canWithdraw = me.permissions.includes('money:withdraw');
  const heading = (
    <PageHeading
      title={t('merchantMoney.title', { name: merchant.data?.name ?? merchantId })}
      subtitle={t('merchantMoney.subtitle')}
      extra={
        <Space wrap size="middle">
          {me.permissions.includes('merchant:upsert') ? (
            <Link to="/admin/tenant">
              <ArrowLeftOutlined aria-hidden /> {t('merchantMoney.back')}
            </Link>
          ) : null}
          {canWithdraw && m ? (
            <Button
              type="primary"
              onClick={() => setWithdrawing(true)}
              disabled={BigInt(m.withdrawableFen) <= 0n}
            >
              {t('merchantMoney.withdraw')}
            </Button>
          ) : null}
        </Space>
      }
    />
  );
  if (money.isError || merchant.isError)
    return (
      <>
        {heading}
        <ErrorResult
          title={t('standing.loadError')}
          error={money.error ?? merchant.error}
          onRetry={() => {
            void money.refetch();
            void merchant.refetch();
          }}
        />
      </>
    );
  if (!m)
    return (
      <>
        {heading}
        <Skeleton active />
      </>
    );
  const kpis: Kpi[] = [
    { key: 'deposit', title: t('standing.deposit'), value: formatFen(m.depositFen) },
    {
      key: 'withdrawable',
      title: t('merchantMoney.withdrawable'),
      value: formatFen(m.withdrawableFen),
      detail: t('merchantMoney.withdrawableDetail'),
    },
    { key: 'pending', title: t('standing.pending'), value: formatFen(m.pendingFen) },
    { key: 'owed', title: t('standing.owed'), value: formatFen(m.owedFen), danger: BigInt(m.owedFen) > 0n },
  ];
  return (
    <>
      {heading}
      {m.frozen ? <Alert type="warning" showIcon title={t('standing.frozen')} /> : null}
      <KpiCards items={kpis} testIdPrefix="merchant-money" gutter={12} />
      {canWithdraw && BigInt(m.withdrawableFen) <= 0n ? (
        <Alert type="info" showIcon className="section-gap" title={t('merchantMoney.withdraw.none')} />
      ) : null}
      <MoneyMovements merchantId={merchantId} />
      {withdrawing ? <WithdrawModal money={m} onClose={() => setWithdrawing(false)} /> : null}
    </>
  );
}
