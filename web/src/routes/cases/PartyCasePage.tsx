import { App } from 'antd';
import { useParams } from 'react-router-dom';
import { useCurrentUser } from '../../auth/current-user';
import { ActionForm } from '../../components/case/action-forms';
import { CaseEvidence } from '../../components/case/CaseEvidence';
import { OrderFacts, RequestFacts } from '../../components/case/CaseFacts';
import { CaseHeader } from '../../components/case/CaseHeader';
import { CaseMessages } from '../../components/case/CaseMessages';
import { CaseTimeline } from '../../components/case/CaseTimeline';
import { PartyActions } from '../../components/case/PartyActions';
import { StatusBanner } from '../../components/case/StatusBanner';
import { CaseLoadState, CaseResultSections, CaseSection } from '../../components/case/CaseSections';
import { SupervisionLink } from '../../components/case/SupervisionLink';
import { useCase } from '../../components/case/use-case';
import { actionLabel } from '../../components/case/labels';
import { useI18n } from '../../i18n';

/**
 * A case as a party sees it — the consumer (`/complaints/:id`) or the merchant (`/inbox/:id`). Mobile-first:
 * one column on a phone, with the answer to "whose move, what next, by when" and the allowed actions first;
 * on a desktop the request, order and history move to a side column.
 */
export default function PartyCasePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const query = useCase(id);
  const backTo = user.role === 'merchant' ? '/inbox' : '/complaints';

  if (!query.isSuccess) return <CaseLoadState query={query} rows={8} />;
  const c = query.data;
  const mayRate = c.allowedActions.some((a) => a.action === 'rate');

  return (
    <div className="case-page case-page--party" data-testid="case-page">
      <CaseHeader c={c} backTo={backTo} />
      <div className="case-layout">
        <div className="case-layout__main">
          <StatusBanner c={c} />
          <PartyActions c={c} />
          {mayRate ? (
            <CaseSection title={actionLabel(t, 'rate')}>
              <ActionForm
                detail={c}
                action="rate"
                onDone={() => void message.success(t('case.actionDone', { action: actionLabel(t, 'rate') }))}
              />
            </CaseSection>
          ) : null}
          <CaseResultSections c={c} />
          <CaseSection title={t('messages.title')}>
            <CaseMessages c={c} />
          </CaseSection>
          <CaseSection title={t('evidence.title')}>
            <CaseEvidence c={c} />
          </CaseSection>
        </div>
        <aside className="case-layout__side" aria-label={t('case.details')}>
          <CaseSection title={t('case.details')}>
            <RequestFacts c={c} />
          </CaseSection>
          <CaseSection title={t('case.order')}>
            <OrderFacts c={c} />
          </CaseSection>
          <CaseSection title={t('case.timeline')}>
            <CaseTimeline events={c.timeline} />
          </CaseSection>
          <SupervisionLink caseId={c.id} />
        </aside>
      </div>
    </div>
  );
}
