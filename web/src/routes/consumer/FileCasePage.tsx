import { InboxOutlined, LeftOutlined, LockOutlined, ShopOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Progress,
  Radio,
  Select,
  Skeleton,
  Steps,
  Switch,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  CASE_KINDS,
  CATEGORIES,
  openCase,
  REFUND_REMEDIES,
  uploadEvidence,
  type CaseKind,
  type Category,
  type EvidenceType,
  type Remedy,
} from '../../api/cases';
import { getOrder } from '../../api/orders';
import { evidenceTypeOptions } from '../../components/case/CaseEvidence';
import { ClaimAssessment } from '../../components/case/ClaimAssessment';
import { FormErrorAlert, useFormError } from '../../components/case/FormError';
import { categoryLabel } from '../../components/case/labels';
import { RemedyAmountFields } from '../../components/case/RemedyFields';
import { CASE_LISTS_KEY } from '../../components/case/use-case';
import { ErrorResult } from '../../components/ErrorResult';
import { PageHeading } from '../../components/PageHeading';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { fenToYuan, formatFen, yuanToFen } from '../../lib/money';

type FileValues = {
  kind: CaseKind;
  category: Category;
  title: string;
  description: string;
  requestedRemedy: Remedy;
  requestedAmountFen: number;
  urgent: boolean;
  evidenceType: EvidenceType;
};

/** The categories that fit an order's scenario come first; every category stays available. */
const SUGGESTED: Record<string, Category[]> = {
  ecommerce: ['quality', 'not_as_described', 'counterfeit', 'not_delivered'],
  tickets: ['ticket_refund', 'service_not_performed', 'not_as_described', 'privacy'],
  local_services: ['service_not_performed', 'partly_performed', 'price_raised_on_site', 'fake_transaction'],
  live_streaming: ['virtual_goods', 'membership_renewal', 'fake_transaction'],
};

function categoryOptions(scenario: string, t: Parameters<typeof categoryLabel>[0]) {
  const first = SUGGESTED[scenario] ?? [];
  const rest = CATEGORIES.filter((c) => !first.includes(c));
  return [...first, ...rest].map((value) => ({ value, label: categoryLabel(t, value) }));
}

/**
 * 发起投诉/退款 from an order: a guided form (what kind of help, what went wrong, what you ask for, up to the
 * refundable amount), with what the rules in force say about the claim before it is sent, and evidence picked here and uploaded right after the case exists. Server problems land
 * on the fields in the user's language.
 */
export default function FileCasePage() {
  const { orderId = '' } = useParams();
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FileValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [phase, setPhase] = useState<'idle' | 'filing' | 'uploading'>('idle');
  const [progress, setProgress] = useState({ done: 0, total: 0, percent: 0 });
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: ({ signal }) => getOrder(orderId, signal),
  });
  const kind = Form.useWatch('kind', form);
  const remedy = Form.useWatch('requestedRemedy', form);
  const category = Form.useWatch('category', form);

  if (order.isPending)
    return (
      <div className="surface card-pad">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  if (order.isError)
    return (
      <div className="surface">
        <ErrorResult
          title={t('file.orderLoadError')}
          error={order.error}
          onRetry={() => void order.refetch()}
        />
      </div>
    );

  const o = order.data;
  const refundableYuan = fenToYuan(o.refundableFen);
  const moneyRemedy = !remedy || REFUND_REMEDIES.includes(remedy);
  const nothingRefundable = o.refundableFen === '0';

  const uploadAll = async (caseId: string): Promise<number> => {
    const type = form.getFieldValue('evidenceType') as EvidenceType | undefined;
    let failed = 0;
    setPhase('uploading');
    for (const [index, f] of files.entries()) {
      setProgress({ done: index, total: files.length, percent: 0 });
      try {
        await uploadEvidence(
          caseId,
          { file: f.originFileObj as File, type: type ?? 'other' },
          { onProgress: (percent) => setProgress({ done: index, total: files.length, percent }) },
        );
      } catch {
        failed += 1;
      }
    }
    setProgress({ done: files.length, total: files.length, percent: 100 });
    return failed;
  };

  const onFinish = async (values: FileValues) => {
    setFormError(null);
    setPhase('filing');
    try {
      const created = await openCase({
        kind: values.kind,
        orderId: o.id,
        category: values.category,
        title: values.title.trim(),
        description: values.description.trim(),
        requestedRemedy: values.requestedRemedy,
        requestedAmountFen: yuanToFen(values.requestedAmountFen ?? 0),
        urgent: values.urgent,
      });
      const failed = files.length > 0 ? await uploadAll(created.id) : 0;
      void queryClient.invalidateQueries({ queryKey: CASE_LISTS_KEY });
      if (failed > 0) void message.warning(t('file.uploadPartial', { count: failed }));
      else void message.success(t('file.submitted', { number: created.number }));
      void navigate(`/complaints/${created.id}`, { replace: true });
    } catch (error) {
      setPhase('idle');
      onError(error);
    }
  };

  const steps: MessageKey[] =
    kind === 'refund_request'
      ? ['file.steps.fill', 'file.steps.merchant', 'file.steps.platform', 'file.steps.decision']
      : ['file.steps.fill', 'file.steps.platform', 'file.steps.decision'];

  return (
    <div className="file-case">
      <Link to="/orders" className="case-header__back">
        <LeftOutlined aria-hidden /> {t('case.back')}
      </Link>
      <PageHeading title={t('file.title')} />
      <Card
        size="small"
        className="section-gap file-case__order"
        title={<h2 className="card-heading">{t('file.order')}</h2>}
      >
        <div className="order-snapshot__merchant">
          <ShopOutlined aria-hidden /> {o.merchantName}
        </div>
        <div className="order-snapshot__title">{o.title}</div>
        <div className="muted-small">
          {t('orders.externalId', { id: o.externalId })} · {t('orders.paidAt')}{' '}
          {formatDateTime(o.paidAt, language)}
        </div>
        <div className="file-case__amounts">
          <span>
            {t('orders.total')} <strong>{formatFen(o.totalFen)}</strong>
          </span>
          <span>
            {t('case.order.refundable')} <strong>{formatFen(o.refundableFen)}</strong>
          </span>
        </div>
      </Card>

      <Steps
        className="section-gap file-case__steps"
        size="small"
        current={0}
        titlePlacement="vertical"
        items={steps.map((key) => ({ title: t(key) }))}
        responsive={false}
      />

      <Card size="small" className="section-gap">
        <Form<FileValues>
          form={form}
          layout="vertical"
          requiredMark="optional"
          disabled={phase !== 'idle'}
          initialValues={{
            kind: 'complaint',
            requestedRemedy: 'full_refund',
            requestedAmountFen: refundableYuan,
            urgent: false,
            evidenceType: 'photo',
          }}
          onValuesChange={(changed: Partial<FileValues>) => {
            if (changed.requestedRemedy === 'full_refund')
              form.setFieldValue('requestedAmountFen', refundableYuan);
            else if (changed.requestedRemedy && !REFUND_REMEDIES.includes(changed.requestedRemedy))
              form.setFieldValue('requestedAmountFen', 0);
          }}
          onFinish={(values) => void onFinish(values)}
          data-testid="file-case-form"
        >
          <Form.Item name="kind" label={t('file.kind')} rules={[{ required: true }]}>
            <Radio.Group className="kind-choice">
              {CASE_KINDS.map((k) => (
                <Radio key={k} value={k} className="kind-choice__option">
                  <span className="kind-choice__label">{t(`caseKind.${k}`)}</span>
                  <span className="kind-choice__hint">{t(`caseKind.${k}.hint`)}</span>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="category"
            label={t('file.category')}
            rules={[{ required: true, message: t('file.category.required') }]}
          >
            <Select options={categoryOptions(o.scenario, t)} placeholder={t('file.category.required')} />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('file.title.label')}
            rules={[{ required: true, whitespace: true, message: t('file.title.required') }]}
          >
            <Input maxLength={100} showCount placeholder={t('file.title.placeholder')} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('file.description')}
            rules={[
              { required: true, whitespace: true, message: t('file.description.required') },
              { min: 10, message: t('file.description.min') },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 4, maxRows: 10 }}
              maxLength={5000}
              showCount
              placeholder={t('file.description.placeholder')}
            />
          </Form.Item>
          <div className="file-case__row">
            <RemedyAmountFields
              remedyName="requestedRemedy"
              amountName="requestedAmountFen"
              labels={{ remedy: t('file.remedy'), amount: t('file.amount') }}
              refundableFen={o.refundableFen}
              remedyRequired={t('file.remedy.required')}
              hint
            />
          </div>
          <ClaimAssessment orderId={o.id} category={category} />
          <Form.Item
            name="urgent"
            label={t('file.urgent')}
            extra={t('file.urgent.hint')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>

          <fieldset className="file-case__evidence">
            <legend className="subheading">{t('file.evidence')}</legend>
            <p className="muted-small">{t('file.evidence.hint')}</p>
            <Form.Item name="evidenceType" label={t('evidence.type')}>
              <Select options={evidenceTypeOptions(t)} />
            </Form.Item>
            <Upload.Dragger
              multiple
              fileList={files}
              beforeUpload={(file) => {
                setFiles((list) => [
                  ...list,
                  { uid: file.uid, name: file.name, size: file.size, originFileObj: file },
                ]);
                return false;
              }}
              onRemove={(file) => setFiles((list) => list.filter((f) => f.uid !== file.uid))}
              className="file-case__dragger"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined aria-hidden />
              </p>
              <p className="ant-upload-text">{t('file.evidence.add')}</p>
              <p className="ant-upload-hint">{t('evidence.pick.hint')}</p>
            </Upload.Dragger>
          </fieldset>

          {nothingRefundable && moneyRemedy ? (
            <Alert type="warning" showIcon title={t('file.nothingRefundable')} className="section-gap" />
          ) : null}
          <p className="file-case__privacy muted-small">
            <LockOutlined aria-hidden /> {t('file.privacy')}
          </p>
          <FormErrorAlert error={formError} />
          {phase === 'uploading' ? (
            <div className="file-case__progress" role="status">
              <div>
                {t('file.uploading', {
                  done: Math.min(progress.done + 1, progress.total),
                  total: progress.total,
                })}
              </div>
              <Progress percent={progress.percent} size="small" />
            </div>
          ) : null}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={phase !== 'idle'}
            disabled={phase !== 'idle'}
            className="file-case__submit"
          >
            {phase === 'idle' ? t('file.submit') : t('file.submitting')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
