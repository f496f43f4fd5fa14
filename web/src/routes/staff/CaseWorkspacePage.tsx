import { Card, Collapse, Skeleton, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/problem';
import { useCurrentUser } from '../../auth/current-user';
import { CaseEvidence } from '../../components/case/CaseEvidence';
import { OrderFacts, OutcomeFacts, PersonFacts, RequestFacts } from '../../components/case/CaseFacts';
import { CaseHeader } from '../../components/case/CaseHeader';
import { CaseMessages } from '../../components/case/CaseMessages';
import { CaseOffers } from '../../components/case/CaseOffers';
import { CaseTimeline } from '../../components/case/CaseTimeline';
import { CaseMoneySection } from '../../components/case/CaseMoney';
import { RecommendationPanel } from '../../components/case/Recommendation';
import { StatusBanner } from '../../components/case/StatusBanner';
import {
  Assignment,
  DeadlineList,
  EvidenceRequestForm,
  StaffComposer,
} from '../../components/case/StaffComposer';
import { useCase } from '../../components/case/use-case';
import { ErrorResult } from '../../components/ErrorResult';
import { useI18n } from '../../i18n';

function Panel({
  title,
  children,
  extra,
  testId,
}: {
  title: string;
  children: ReactNode;
  extra?: ReactNode;
  testId?: string;
}) {
  return (
    <Card
      className="case-card"
      size="small"
      title={<h2 className="card-heading">{title}</h2>}
      extra={extra}
      data-testid={testId}
    >
      {children}
    </Card>
  );
}

/**
 * The staff workspace for one case (`/cases/:id`): whose move and the step deadline, the composer with the
 * allowed actions, the policy recommendation, offers, the conversation with internal notes, the evidence viewer, the history; beside it
 * the parties (masked as the API returns them), the request, the order snapshot, every deadline and the outcome.
 */
export default function CaseWorkspacePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const user = useCurrentUser();
  const query = useCase(id);

  if (query.isPending)
    return (
      <div className="surface card-pad">
        <Skeleton active paragraph={{ rows: 10 }} />
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
  const investigates = user.role === 'handler' || user.role === 'supervisor';
  const showOffers = c.stage === 'mediation' || c.offers.length > 0;
  const hasOutcome = Object.keys(c.outcome).length > 0;

  return (
    <div className="case-page case-page--staff" data-testid="case-workspace">
      <CaseHeader c={c} backTo="/queue" extra={<Assignment c={c} />} />
      <div className="workspace-layout">
        <div className="workspace-layout__main">
          <StatusBanner c={c} />
          <Panel title={t('composer.title')}>
            <StaffComposer c={c} />
          </Panel>
          <Panel title={t('rec.title')} testId="recommendation-panel">
            <RecommendationPanel c={c} />
          </Panel>
          {hasOutcome ? (
            <Panel title={t('case.outcome')} testId="case-outcome">
              <OutcomeFacts c={c} />
            </Panel>
          ) : null}
          {hasOutcome ? (
            <Panel title={t('money.title')} testId="case-money-section">
              <CaseMoneySection caseId={c.id} staff />
            </Panel>
          ) : null}
          {showOffers ? (
            <Panel title={t('offers.title')}>
              <CaseOffers c={c} />
            </Panel>
          ) : null}
          <Card className="case-card" size="small">
            <Tabs
              items={[
                { key: 'messages', label: t('messages.title'), children: <CaseMessages c={c} /> },
                {
                  key: 'evidence',
                  label: `${t('evidence.title')} (${c.evidence.length})`,
                  children: (
                    <>
                      <CaseEvidence c={c} large />
                      {investigates && c.closedAt === null ? (
                        <Collapse
                          className="section-gap"
                          size="small"
                          items={[
                            {
                              key: 'request',
                              label: t('evidence.request.new'),
                              children: <EvidenceRequestForm c={c} />,
                            },
                          ]}
                        />
                      ) : null}
                    </>
                  ),
                },
                {
                  key: 'timeline',
                  label: t('case.timeline'),
                  children: <CaseTimeline events={c.timeline} />,
                },
              ]}
            />
          </Card>
        </div>
        <aside className="workspace-layout__side" aria-label={t('case.details')}>
          <Panel
            title={t('case.parties')}
            extra={<span className="muted-small">{t('workspace.maskedNote')}</span>}
          >
            {c.claimant ? <PersonFacts person={c.claimant} /> : null}
            <div className="section-gap">
              <span className="muted-small">{t('case.merchant')}：</span>
              {c.respondent.name}
            </div>
          </Panel>
          <Panel title={t('case.details')}>
            <RequestFacts c={c} staff />
          </Panel>
          <Panel title={t('case.order')}>
            <OrderFacts c={c} />
          </Panel>
          <Panel title={t('workspace.deadlines')}>
            <DeadlineList c={c} />
          </Panel>
        </aside>
      </div>
    </div>
  );
}
