import { Card, Collapse, Tabs } from 'antd';
import { useParams } from 'react-router-dom';
import { useCurrentUser } from '../../auth/current-user';
import { CaseEvidence } from '../../components/case/CaseEvidence';
import { OrderFacts, PersonFacts, RequestFacts } from '../../components/case/CaseFacts';
import { CaseHeader } from '../../components/case/CaseHeader';
import { CaseMessages } from '../../components/case/CaseMessages';
import { CaseTimeline } from '../../components/case/CaseTimeline';
import { CaseLoadState, CaseResultSections, CaseSection } from '../../components/case/CaseSections';
import { RecommendationPanel } from '../../components/case/Recommendation';
import { StatusBanner } from '../../components/case/StatusBanner';
import {
  Assignment,
  DeadlineList,
  EvidenceRequestForm,
  StaffComposer,
} from '../../components/case/StaffComposer';
import { useCase } from '../../components/case/use-case';
import { useI18n } from '../../i18n';

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

  if (!query.isSuccess) return <CaseLoadState query={query} rows={10} />;
  const c = query.data;
  const investigates = user.role === 'handler' || user.role === 'supervisor';

  return (
    <div className="case-page case-page--staff" data-testid="case-workspace">
      <CaseHeader c={c} backTo="/queue" extra={<Assignment c={c} />} />
      <div className="workspace-layout">
        <div className="workspace-layout__main">
          <StatusBanner c={c} />
          <CaseSection title={t('composer.title')}>
            <StaffComposer c={c} />
          </CaseSection>
          <CaseSection title={t('rec.title')} testId="recommendation-panel">
            <RecommendationPanel c={c} />
          </CaseSection>
          <CaseResultSections c={c} staff />
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
          <CaseSection
            title={t('case.parties')}
            extra={<span className="muted-small">{t('workspace.maskedNote')}</span>}
          >
            {c.claimant ? <PersonFacts person={c.claimant} /> : null}
            <div className="section-gap">
              <span className="muted-small">{t('case.merchant')}：</span>
              {c.respondent.name}
            </div>
          </CaseSection>
          <CaseSection title={t('case.details')}>
            <RequestFacts c={c} staff />
          </CaseSection>
          <CaseSection title={t('case.order')}>
            <OrderFacts c={c} />
          </CaseSection>
          <CaseSection title={t('workspace.deadlines')}>
            <DeadlineList c={c} />
          </CaseSection>
        </aside>
      </div>
    </div>
  );
}
