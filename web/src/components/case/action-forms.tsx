import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Radio,
  Rate,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import {
  NOTICE_CHANNELS,
  PAYERS,
  PENALTIES,
  REFER_OUT_TO,
  REFERRALS,
  REFUND_REMEDIES,
  takeAction,
  VENUES,
  type CaseDetail,
} from '../../api/cases';
import type { Evaluation } from '../../api/policy';
import { ApiError } from '../../api/problem';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { fenToYuan, formatFen, yuanToFen } from '../../lib/money';
import {
  deviatesFrom,
  recommendedClauses,
  recommendedPackages,
  remediesFromRecommendation,
  type DecisionRemedy,
} from '../../lib/recommendation';
import { FormErrorAlert, useFormError } from './FormError';
import { RemedyAmountFields, RowList } from './RemedyFields';
import { outcomeLabel, useAssessment } from './Recommendation';
import { actionLabel, enumLabel, evidenceTypeLabel } from './labels';
import { useCaseMutation } from './use-case';

type Values = Record<string, unknown>;

/**
 * Form values → the action's payload: yuan amounts (fields named `amountFen`, shown in yuan) become integer
 * fen, text is trimmed, and empty optional values are left out so the server's defaults apply.
 */
export function toPayload(values: unknown): unknown {
  if (Array.isArray(values)) return values.map(toPayload).filter((v) => v !== undefined);
  if (values && typeof values === 'object') {
    const out: Values = {};
    for (const [key, value] of Object.entries(values as Values)) {
      if (key === 'amountFen' && typeof value === 'number') out[key] = yuanToFen(value);
      else {
        const v = toPayload(value);
        if (v !== undefined) out[key] = v;
      }
    }
    return out;
  }
  if (typeof values === 'string') return values.trim() === '' ? undefined : values.trim();
  if (values === null) return undefined;
  return values;
}

const required = (t: Translate, key: MessageKey = 'composer.required') => [
  { required: true, message: t(key) },
];

function Note({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name="note" label={label ?? t('form.note')}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
    </Form.Item>
  );
}

function LongText({
  name,
  label,
  hint,
  placeholder,
  rows = 3,
  max = 5000,
}: {
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
  rows?: number;
  max?: number;
}) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} extra={hint} rules={required(t, 'form.text.required')}>
      <Input.TextArea
        autoSize={{ minRows: rows, maxRows: 12 }}
        maxLength={max}
        showCount
        placeholder={placeholder}
      />
    </Form.Item>
  );
}

function options(t: Translate, prefix: string, values: readonly string[]) {
  return values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
}

/** Remedies of an agreement or decision: type, amount (yuan), payer. */
function RemedyList({ refundableFen }: { refundableFen: string | undefined }) {
  const { t } = useI18n();
  return (
    <RowList
      name="remedies"
      label={t('composer.remedies')}
      addLabel={t('composer.remedies.add')}
      newRow={{ type: 'partial_refund', amountFen: 0, payer: 'respondent' }}
    >
      {(field) => (
        <>
          <RemedyAmountFields
            remedyName={[field.name, 'type']}
            amountName={[field.name, 'amountFen']}
            remedyPath={['remedies', field.name, 'type']}
            labels={{ remedy: t('composer.remedy.type'), amount: t('composer.remedy.amount') }}
            refundableFen={refundableFen}
          />
          <Form.Item name={[field.name, 'payer']} label={t('composer.remedy.payer')} rules={required(t)}>
            <Select options={options(t, 'payer', PAYERS)} />
          </Form.Item>
        </>
      )}
    </RowList>
  );
}

function PenaltyList() {
  const { t } = useI18n();
  return (
    <RowList
      name="penalties"
      label={t('composer.penalties')}
      addLabel={t('composer.penalties.add')}
      newRow={{ type: 'warning' }}
    >
      {(field) => (
        <>
          <Form.Item name={[field.name, 'type']} label={t('composer.penalty.type')} rules={required(t)}>
            <Select options={options(t, 'penalty', PENALTIES)} />
          </Form.Item>
          <Form.Item name={[field.name, 'amountFen']} label={t('composer.penalty.amount')}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name={[field.name, 'note']} label={t('form.note')}>
            <Input maxLength={2000} />
          </Form.Item>
        </>
      )}
    </RowList>
  );
}

/** A list of short texts (missing documents, cited clauses), at least one. */
function TextList({
  name,
  label,
  addLabel,
  placeholder,
  min = 1,
}: {
  name: string;
  label: string;
  addLabel: string;
  placeholder?: string;
  min?: number;
}) {
  const { t } = useI18n();
  return (
    <Form.List
      name={name}
      rules={[
        {
          validator: async (_, items: unknown[] | undefined) => {
            if ((items?.length ?? 0) < min) throw new Error(t('composer.clauses.required'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div className="form-list">
          <div className="form-list__label">{label}</div>
          {fields.map((field, index) => (
            <Space.Compact key={field.key} block className="form-list__text">
              <Form.Item name={field.name} rules={required(t)} noStyle>
                <Input placeholder={placeholder} maxLength={200} aria-label={`${label} ${index + 1}`} />
              </Form.Item>
              <Button
                icon={<MinusCircleOutlined />}
                aria-label={t('composer.remove')}
                onClick={() => remove(field.name)}
              />
            </Space.Compact>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
            {addLabel}
          </Button>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}

const RATE_DESC = (t: Translate) => t('form.rate.labels').split(',');

/** The recommendation in words: "退款 ¥599.00" or "驳回". */
function packageText(t: Translate, e: Evaluation): string {
  const p = recommendedPackages(e)[0];
  if (!p) return '—';
  const money = p.refundFen + p.payoutFen;
  return money > 0n ? `${outcomeLabel(t, p.outcome)} ${formatFen(money)}` : outcomeLabel(t, p.outcome);
}

/**
 * Beside a decision's remedies: whether they follow the pack's recommendation and, when they do not, the
 * written reason the server requires (field `deviationReason`; its problems land here). `asked` shows the
 * field also when the server asked for it and the page could not tell (no recommendation loaded).
 */
function DeviationField({ evaluation, asked }: { evaluation: Evaluation | null; asked: boolean }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const remedies = Form.useWatch<{ type?: string; amountFen?: number; payer?: string }[] | undefined>(
    'remedies',
    form,
  );
  const lines: DecisionRemedy[] = (remedies ?? []).map((r) => ({
    type: r?.type ?? '',
    amountFen: typeof r?.amountFen === 'number' && r.amountFen >= 0 ? yuanToFen(r.amountFen) : 0,
    payer: r?.payer ?? 'respondent',
  }));
  const deviates = evaluation ? deviatesFrom(evaluation, lines) : asked;
  if (!deviates && !asked) {
    return evaluation ? (
      <Alert
        type="success"
        showIcon
        className="section-gap"
        title={t('deviation.matches')}
        data-testid="deviation-none"
      />
    ) : null;
  }
  return (
    <div className="deviation" data-testid="deviation">
      <Alert
        type="warning"
        showIcon
        title={t('deviation.title')}
        description={
          evaluation ? t('deviation.body', { recommended: packageText(t, evaluation) }) : undefined
        }
      />
      <Form.Item
        name="deviationReason"
        label={t('deviation.reason')}
        className="section-gap"
        rules={[{ required: true, whitespace: true, message: t('deviation.reason.required') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
      </Form.Item>
    </div>
  );
}

/** The fields of one action's payload (server: ACTION_PAYLOADS in case-schemas.ts). */
function ActionFields({
  action,
  detail,
  evaluation = null,
  reasonAsked = false,
}: {
  action: string;
  detail: CaseDetail;
  evaluation?: Evaluation | null;
  reasonAsked?: boolean;
}): ReactNode {
  const { t } = useI18n();
  const refundable = detail.order?.refundableFen;
  switch (action) {
    case 'agree_refund':
    case 'accept_counter_offer':
    case 'start_mediation':
    case 'mark_executed':
    case 'resume':
      return <Note />;
    case 'refuse_refund':
      return (
        <LongText name="reason" label={t('form.refuse.reason')} hint={t('form.refuse.hint')} max={2000} />
      );
    case 'reject_counter_offer':
    case 'end_mediation':
    case 'close':
      return <LongText name="reason" label={t('form.reason')} max={2000} />;
    case 'escalate_to_platform':
      return (
        <LongText name="reason" label={t('form.escalate.reason')} hint={t('form.escalate.hint')} max={2000} />
      );
    case 'counter_offer':
      return (
        <>
          <Typography.Paragraph type="secondary">{t('form.counter.hint')}</Typography.Paragraph>
          <RemedyAmountFields
            remedyName="remedy"
            amountName="amountFen"
            labels={{ remedy: t('offers.remedy'), amount: t('offers.amount') }}
            refundableFen={refundable}
          />
          <Note label={t('offers.note')} />
        </>
      );
    case 'accept':
      return (
        <>
          <Form.Item
            name="expectedHandlingDays"
            label={t('composer.accept.days')}
            extra={t('composer.accept.hint')}
            rules={required(t)}
          >
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
          <Note />
        </>
      );
    case 'request_supplement':
      return (
        <>
          <TextList
            name="missing"
            label={t('composer.missing')}
            addLabel={t('composer.missing.add')}
            placeholder={t('composer.missing.placeholder')}
          />
          <Note />
        </>
      );
    case 'supplement':
      return (
        <LongText name="text" label={t('form.supplement.text')} hint={t('form.supplement.hint')} rows={4} />
      );
    case 'not_accept':
      return (
        <>
          <LongText name="reason" label={t('form.reason')} max={2000} />
          <Form.Item name="referral" label={t('composer.referral')} rules={required(t)}>
            <Select options={options(t, 'referral', REFERRALS)} />
          </Form.Item>
          <Form.Item name="referralNote" label={t('composer.referralNote')}>
            <Input maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'mediation_agreed':
      return (
        <>
          <LongText name="agreement" label={t('composer.agreement')} rows={4} />
          <RemedyList refundableFen={refundable} />
        </>
      );
    case 'decide':
      return (
        <>
          <LongText
            name="text"
            label={t('composer.decision.text')}
            placeholder={t('composer.decision.placeholder')}
            rows={6}
            max={10000}
          />
          <RemedyList refundableFen={refundable} />
          <DeviationField evaluation={evaluation} asked={reasonAsked} />
          <PenaltyList />
          <TextList
            name="clauses"
            label={t('composer.clauses')}
            addLabel={t('composer.clauses.add')}
            placeholder={t('composer.clauses.placeholder')}
          />
        </>
      );
    case 'send_notice':
      return (
        <Form.Item name="channels" label={t('composer.channels')} rules={required(t)}>
          <Checkbox.Group options={options(t, 'noticeChannel', NOTICE_CHANNELS)} />
        </Form.Item>
      );
    case 'appeal':
      return (
        <LongText name="reasons" label={t('form.appeal.reasons')} hint={t('form.appeal.hint')} rows={4} />
      );
    case 'uphold':
      return <LongText name="text" label={t('composer.review.text')} rows={4} />;
    case 'revise':
      return (
        <>
          <LongText name="text" label={t('composer.review.text')} rows={4} />
          <RemedyList refundableFen={refundable} />
        </>
      );
    case 'suspend':
      return (
        <>
          <Typography.Paragraph type="secondary">{t('form.suspend.hint')}</Typography.Paragraph>
          <Form.Item name="venue" label={t('form.suspend.venue')} rules={required(t)}>
            <Radio.Group options={options(t, 'venue', VENUES)} />
          </Form.Item>
          <Note />
        </>
      );
    case 'record_proof':
      return (
        <>
          <Form.Item name="venue" label={t('composer.venue')} rules={required(t)}>
            <Radio.Group options={options(t, 'venue', VENUES)} />
          </Form.Item>
          <Form.Item name="reference" label={t('composer.reference')} rules={required(t)}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="evidenceId" label={t('composer.evidenceId')}>
            <Select
              allowClear
              options={detail.evidence.map((e) => ({
                value: e.id,
                label: `${evidenceTypeLabel(t, e.evidenceType)} · ${e.originalName}`,
              }))}
            />
          </Form.Item>
          <Note />
        </>
      );
    case 'refer_out':
      return (
        <>
          <Form.Item name="to" label={t('composer.referTo')} rules={required(t)}>
            <Select options={options(t, 'referral', REFER_OUT_TO)} />
          </Form.Item>
          <Note />
        </>
      );
    case 'withdraw':
      return (
        <>
          <Typography.Paragraph type="secondary">{t('form.withdraw.body')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('form.withdraw.reason')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'rate':
      return (
        <>
          <Form.Item
            name="stars"
            label={t('form.rate.stars')}
            rules={[{ required: true, message: t('form.rate.required') }]}
          >
            <Rate tooltips={RATE_DESC(t)} />
          </Form.Item>
          <Form.Item name="comment" label={t('form.rate.comment')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
          </Form.Item>
        </>
      );
    default:
      return null;
  }
}

/**
 * Sensible starting values: a decision starts from the policy recommendation (its remedies and clauses)
 * where the case has one, else from what was requested, as agreements do; 7 handling days; the inbox.
 */
function initialValues(action: string, detail: CaseDetail, evaluation: Evaluation | null): Values {
  const requested = {
    type: detail.requestedRemedy,
    amountFen: fenToYuan(detail.requestedAmountFen),
    payer: 'respondent',
  };
  switch (action) {
    case 'accept':
      return { expectedHandlingDays: 7 };
    case 'request_supplement':
      return { missing: [''] };
    case 'decide': {
      if (!evaluation) return { remedies: [requested], penalties: [], clauses: [''] };
      const clauses = recommendedClauses(evaluation);
      return {
        remedies: remediesFromRecommendation(evaluation).map((r) => ({
          ...r,
          amountFen: fenToYuan(r.amountFen),
        })),
        penalties: [],
        clauses: clauses.length > 0 ? clauses : [''],
      };
    }
    case 'mediation_agreed':
    case 'revise':
      return { remedies: [requested] };
    case 'send_notice':
      return { channels: ['inbox'] };
    case 'counter_offer':
      return {
        remedy: REFUND_REMEDIES.includes(detail.requestedRemedy) ? 'partial_refund' : detail.requestedRemedy,
      };
    default:
      return {};
  }
}

/** Whether an action needs nothing typed (its form has only an optional note). */
export const NOTE_ONLY_ACTIONS: readonly string[] = [
  'agree_refund',
  'accept_counter_offer',
  'start_mediation',
  'mark_executed',
  'resume',
];

/**
 * One lifecycle action as a form: its payload fields, server problems on the fields, and the case's
 * version so two people acting at once cannot both win. `onDone` runs after the server accepted it.
 */
export function ActionForm({
  detail,
  action,
  onDone,
  onCancel,
  extraPayload,
}: {
  detail: CaseDetail;
  action: string;
  onDone?: (updated: unknown) => void;
  onCancel?: () => void;
  extraPayload?: Values;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const { formError, setFormError, onError } = useFormError(form);
  const mutation = useCaseMutation(detail.id, (payload: Values) =>
    takeAction(detail.id, action, payload, detail.version),
  );
  // A decision is measured against the pinned pack's recommendation: the form starts from it.
  const assessment = useAssessment(detail.id, action === 'decide');
  const evaluation = action === 'decide' ? (assessment.data?.evaluation ?? null) : null;
  // The server asked for a deviation reason the page did not see coming: show the field, then its problem.
  const [reasonAsked, setReasonAsked] = useState<unknown>(null);

  useEffect(() => {
    form.resetFields();
    setFormError(null);
  }, [action, form, setFormError]);

  useEffect(() => {
    if (reasonAsked) onError(reasonAsked);
  }, [reasonAsked, onError]);

  if (action === 'decide' && assessment.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;

  const onFinish = (values: Values) => {
    setFormError(null);
    const payload = { ...(toPayload(values) as Values), ...extraPayload };
    mutation.mutate(payload, {
      onSuccess: (updated) => {
        form.resetFields();
        onDone?.(updated);
      },
      onError: (error) => {
        const asksReason =
          error instanceof ApiError && error.fieldErrors.some((f) => f.path === 'deviationReason');
        if (asksReason && !form.getFieldsError().some((f) => f.name[0] === 'deviationReason'))
          setReasonAsked(error);
        else onError(error);
      },
    });
  };

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark="optional"
      initialValues={initialValues(action, detail, evaluation)}
      onFinish={onFinish}
      data-testid={`action-form-${action}`}
    >
      <ActionFields
        action={action}
        detail={detail}
        evaluation={evaluation}
        reasonAsked={reasonAsked !== null}
      />
      <FormErrorAlert error={formError} />
      <div className="form-actions">
        {onCancel ? <Button onClick={onCancel}>{t('form.cancel')}</Button> : null}
        <Button
          type="primary"
          htmlType="submit"
          loading={mutation.isPending}
          danger={action === 'withdraw' || action === 'not_accept' || action === 'refuse_refund'}
        >
          {actionLabel(t, action)}
        </Button>
      </div>
    </Form>
  );
}
