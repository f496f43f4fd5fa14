import { App, Button, Form, Input, InputNumber, Radio, Select, Tag } from 'antd';
import { useState } from 'react';
import { assignCase, requestEvidence, type CaseDetail, type EvidenceType } from '../../api/cases';
import { useCurrentUser } from '../../auth/current-user';
import { useI18n } from '../../i18n';
import { formatDeadline } from '../../lib/datetime';
import { errorMessage } from '../../lib/error-message';
import { ActionForm } from './action-forms';
import { evidenceTypeOptions } from './CaseEvidence';
import { FormErrorAlert, useFormError } from './FormError';
import { actionLabel, deadlineKindLabel, deadlineStatusLabel, partyLabel } from './labels';
import { useCaseMutation } from './use-case';

/**
 * The staff composer: the actions the server allows this staff member now, as a row of choices, and the form
 * of the chosen one (its payload fields, problems on the fields). Nothing else is offered.
 */
export function StaffComposer({ c }: { c: CaseDetail }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const actions = c.allowedActions.map((a) => a.action);
  const [picked, setPicked] = useState<string | null>(null);
  const action = picked && actions.includes(picked) ? picked : (actions[0] ?? null);
  if (!action) return <p className="muted-small">{t('case.actions.none')}</p>;
  const due = c.allowedActions.find((a) => a.action === action)?.dueAt;
  return (
    <div className="staff-composer" data-testid="staff-composer">
      <Radio.Group
        value={action}
        onChange={(e) => setPicked(String(e.target.value))}
        optionType="button"
        buttonStyle="solid"
        className="staff-composer__picker"
        aria-label={t('composer.pick')}
        options={actions.map((a) => ({ value: a, label: actionLabel(t, a) }))}
      />
      {due ? (
        <div className="muted-small staff-composer__due">
          {t('banner.dueBy')}：{formatDeadline(due, language)}
        </div>
      ) : null}
      <div className="staff-composer__form">
        <ActionForm
          key={action}
          detail={c}
          action={action}
          onDone={() => {
            void message.success(t('case.actionDone', { action: actionLabel(t, action) }));
            setPicked(null);
          }}
        />
      </div>
    </div>
  );
}

/** Every deadline on the case, the platform's SLA clocks included, soonest first. */
export function DeadlineList({ c }: { c: CaseDetail }) {
  const { t, language } = useI18n();
  if (c.deadlines.length === 0) return <p className="muted-small">{t('workspace.deadlines.empty')}</p>;
  const sorted = [...c.deadlines].sort((a, b) => {
    if ((a.status === 'pending') !== (b.status === 'pending')) return a.status === 'pending' ? -1 : 1;
    return (a.dueAt ?? '') < (b.dueAt ?? '') ? -1 : 1;
  });
  const color: Record<string, string> = {
    pending: 'processing',
    met: 'success',
    breached: 'error',
    cancelled: 'default',
  };
  return (
    <ul className="deadline-list" data-testid="deadline-list">
      {sorted.map((d) => (
        <li key={d.id} className={`deadline deadline--${d.status}`}>
          <div className="deadline__head">
            <span className="deadline__kind">{deadlineKindLabel(t, d.kind)}</span>
            <Tag color={color[d.status] ?? 'default'}>{deadlineStatusLabel(t, d.status)}</Tag>
          </div>
          <div className="muted-small">
            {partyLabel(t, d.owner)} · {d.dueAt ? formatDeadline(d.dueAt, language) : '—'}
            {d.pausedSince ? ` · ${t('deadline.paused')}` : ''}
            {d.provisional ? ` · ${t('deadline.provisional')}` : ''}
          </div>
          <div className="muted-small deadline__clause">{d.clause}</div>
        </li>
      ))}
    </ul>
  );
}

type RequestValues = {
  from: 'claimant' | 'respondent';
  evidenceTypes: EvidenceType[];
  note?: string;
  workingDays: number;
};

/** Asking a party for typed evidence with a working-day deadline (handlers and supervisors). */
export function EvidenceRequestForm({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RequestValues>();
  const { formError, setFormError, onError } = useFormError(form);
  const mutation = useCaseMutation(c.id, (body: RequestValues) => requestEvidence(c.id, body));
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ from: 'respondent', workingDays: 3, evidenceTypes: [] }}
      onFinish={(values) => {
        setFormError(null);
        const note = values.note?.trim();
        mutation.mutate(
          {
            from: values.from,
            evidenceTypes: values.evidenceTypes,
            workingDays: values.workingDays,
            ...(note ? { note } : {}),
          },
          {
            onSuccess: () => {
              form.resetFields();
              void message.success(t('evidence.request.sent'));
            },
            onError: (error) => onError(error),
          },
        );
      }}
      data-testid="evidence-request-form"
    >
      <div className="evidence-uploader__fields">
        <Form.Item name="from" label={t('evidence.request.party')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'respondent', label: partyLabel(t, 'respondent') },
              { value: 'claimant', label: partyLabel(t, 'claimant') },
            ]}
          />
        </Form.Item>
        <Form.Item name="workingDays" label={t('evidence.request.days')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} />
        </Form.Item>
      </div>
      <Form.Item
        name="evidenceTypes"
        label={t('evidence.request.types')}
        rules={[{ required: true, type: 'array', min: 1, message: t('evidence.type.required') }]}
      >
        <Select mode="multiple" options={evidenceTypeOptions(t)} />
      </Form.Item>
      <Form.Item name="note" label={t('evidence.request.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
      </Form.Item>
      <FormErrorAlert error={formError} />
      <div className="form-actions">
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t('evidence.request.submit')}
        </Button>
      </div>
    </Form>
  );
}

/**
 * Who handles the case. The API has no staff directory for non-admins yet, so the workspace can name only
 * "me", "unassigned" or "someone else", and offers "assign to me".
 */
export function Assignment({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const mutation = useCaseMutation(c.id, () => assignCase(c.id, user.id));
  const mine = c.assigneeId === user.id;
  const mayAssign = ['agent', 'handler', 'supervisor'].includes(user.role) && !mine && c.closedAt === null;
  return (
    <div className="assignment" data-testid="assignment">
      <span className="muted-small">{t('assign.title')}：</span>
      <strong>{mine ? t('assign.me') : c.assigneeId ? t('assign.other') : t('assign.none')}</strong>
      {mayAssign ? (
        <Button
          size="small"
          onClick={() =>
            mutation.mutate(undefined, {
              onSuccess: () => void message.success(t('assign.done')),
              onError: (error) => void message.error(errorMessage(error, t)),
            })
          }
          loading={mutation.isPending}
        >
          {t('assign.toMe')}
        </Button>
      ) : null}
    </div>
  );
}
