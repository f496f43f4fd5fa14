import { App, Card, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/problem';
import { useCurrentUser } from '../../auth/current-user';
import { ActionForm } from '../../components/case/action-forms';
import { CaseEvidence } from '../../components/case/CaseEvidence';
import { OrderFacts, OutcomeFacts, RequestFacts } from '../../components/case/CaseFacts';
import { CaseHeader } from '../../components/case/CaseHeader';
import { CaseMessages } from '../../components/case/CaseMessages';
import { CaseOffers } from '../../components/case/CaseOffers';
import { CaseTimeline } from '../../components/case/CaseTimeline';
import { PartyActions } from '../../components/case/PartyActions';
import { StatusBanner } from '../../components/case/StatusBanner';
import { CaseMoneySection } from '../../components/case/CaseMoney';
import { SupervisionLink } from '../../components/case/SupervisionLink';
import { useCase } from '../../components/case/use-case';
import { actionLabel } from '../../components/case/labels';
import { ErrorResult } from '../../components/ErrorResult';
import { useI18n } from '../../i18n';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card
      className="case-card"
      title={<h2 className="card-heading">{title}</h2>}
      size="small"
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

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

  if (query.isPending)
    return (
      <div className="surface card-pad">
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <div className="surface">
        <ErrorResult
          title={notFound ? t('case.notFound') : t('case.loadError')}
          error={query.error}
          onRetry={notFound ? undefined : () => void query.refetch()}
        />
      </div>
    );
  }
  const c = query.data;
  const mayRate = c.allowedActions.some((a) => a.action === 'rate');
  const showOffers = c.stage === 'mediation' || c.offers.length > 0;
  const hasOutcome = Object.keys(c.outcome).length > 0;

  return (
    <div className="case-page case-page--party" data-testid="case-page">
      <CaseHeader c={c} backTo={backTo} />
      <div className="case-layout">
        <div className="case-layout__main">
          <StatusBanner c={c} />
          <PartyActions c={c} />
          {mayRate ? (
            <Section title={actionLabel(t, 'rate')}>
              <ActionForm
                detail={c}
                action="rate"
                onDone={() => void message.success(t('case.actionDone', { action: actionLabel(t, 'rate') }))}
              />
            </Section>
          ) : null}
          {hasOutcome ? (
            <Section title={t('case.outcome')} testId="case-outcome">
              <OutcomeFacts c={c} />
            </Section>
          ) : null}
          {hasOutcome ? (
            <Section title={t('money.title')} testId="case-money-section">
              <CaseMoneySection caseId={c.id} />
            </Section>
          ) : null}
          {showOffers ? (
            <Section title={t('offers.title')}>
              <CaseOffers c={c} />
            </Section>
          ) : null}
          <Section title={t('messages.title')}>
            <CaseMessages c={c} />
          </Section>
          <Section title={t('evidence.title')}>
            <CaseEvidence c={c} />
          </Section>
        </div>
        <aside className="case-layout__side" aria-label={t('case.details')}>
          <Section title={t('case.details')}>
            <RequestFacts c={c} />
          </Section>
          <Section title={t('case.order')}>
            <OrderFacts c={c} />
          </Section>
          <Section title={t('case.timeline')}>
            <CaseTimeline events={c.timeline} />
          </Section>
          <SupervisionLink caseId={c.id} />
        </aside>
      </div>
    </div>
  );
}
