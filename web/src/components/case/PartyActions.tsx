import { App, Button, Modal } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../api/cases';
import { useI18n } from '../../i18n';
import { ActionForm } from './action-forms';
import { actionLabel } from './labels';

/** Shown elsewhere on the page: offers are answered on the offer itself; rating has its own card. */
const HANDLED_ELSEWHERE = new Set(['accept_offer', 'rate']);
/** Quieter buttons: leaving the platform's process is possible but not what the page should push. */
const SECONDARY = new Set(['withdraw', 'suspend']);
const DANGER = new Set(['withdraw', 'refuse_refund']);
const ORDER = [
  'agree_refund',
  'accept_counter_offer',
  'escalate_to_platform',
  'supplement',
  'appeal',
  'counter_offer',
  'reject_counter_offer',
  'refuse_refund',
  'suspend',
  'withdraw',
];
const rank = (action: string) => (ORDER.includes(action) ? ORDER.indexOf(action) : ORDER.length);

/**
 * The party's buttons: exactly the `allowedActions` the server computed for this viewer (nothing else), each
 * opening its form in a dialog. Withdrawal asks for confirmation in its own dialog.
 */
export function PartyActions({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState<string | null>(null);
  const actions = c.allowedActions
    .map((a) => a.action)
    .filter((a) => !HANDLED_ELSEWHERE.has(a))
    .sort((a, b) => rank(a) - rank(b));
  const primary = actions.filter((a) => !SECONDARY.has(a));
  const secondary = actions.filter((a) => SECONDARY.has(a));
  if (actions.length === 0) return null;

  return (
    <div className="party-actions" data-testid="party-actions">
      {primary.length > 0 ? (
        <div className="party-actions__primary">
          {primary.map((action, index) => (
            <Button
              key={action}
              type={index === 0 ? 'primary' : 'default'}
              danger={DANGER.has(action)}
              size="large"
              onClick={() => setOpen(action)}
            >
              {actionLabel(t, action)}
            </Button>
          ))}
        </div>
      ) : null}
      {secondary.length > 0 ? (
        <div className="party-actions__secondary">
          {secondary.map((action) => (
            <Button key={action} type="link" danger={DANGER.has(action)} onClick={() => setOpen(action)}>
              {action === 'suspend' ? t('action.suspend.party') : actionLabel(t, action)}
            </Button>
          ))}
        </div>
      ) : null}
      <Modal
        open={open !== null}
        title={
          open === 'withdraw'
            ? t('form.withdraw.confirm')
            : open === 'suspend'
              ? t('action.suspend.party')
              : open
                ? actionLabel(t, open)
                : null
        }
        onCancel={() => setOpen(null)}
        footer={null}
        destroyOnHidden
      >
        {open ? (
          <ActionForm
            detail={c}
            action={open}
            onCancel={() => setOpen(null)}
            onDone={() => {
              void message.success(t('case.actionDone', { action: actionLabel(t, open) }));
              setOpen(null);
            }}
          />
        ) : null}
      </Modal>
    </div>
  );
}
