import { Alert, App, Button, Checkbox, Skeleton, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  FINDINGS,
  getAssessment,
  recordFacts,
  type Assessment,
  type Evaluation,
  type LocalText,
  type RecommendedRemedy,
} from '../../api/policy';
import type { CaseDetail } from '../../api/cases';
import { useCurrentUser } from '../../auth/current-user';
import { useI18n, type Language, type Translate } from '../../i18n';
import { formatDateTime } from '../../lib/datetime';
import { errorMessage } from '../../lib/error-message';
import { formatFen } from '../../lib/money';
import { enumLabel } from './labels';
import { assessmentKey, caseKey } from './use-case';

/** The pinned pack's verdict on a case (staff with `policy:read`). */
export function useAssessment(caseId: string, enabled = true) {
  return useQuery({
    queryKey: assessmentKey(caseId),
    queryFn: ({ signal }) => getAssessment(caseId, signal),
    enabled,
  });
}

export const localText = (text: LocalText, language: Language) => (language === 'zh-CN' ? text.zh : text.en);
export const outcomeLabel = (t: Translate, outcome: string) => enumLabel(t, 'outcome', outcome);

/** One recommended remedy: its outcome, the money in yuan, the lines with their clauses, the explanation. */
export function RemedyCard({ remedy, showRole = true }: { remedy: RecommendedRemedy; showRole?: boolean }) {
  const { t, language } = useI18n();
  const refund = BigInt(remedy.refundFen);
  const payout = BigInt(remedy.payoutFen);
  return (
    <li className="rec-remedy" data-testid="rec-remedy">
      <div className="rec-remedy__head">
        {showRole ? (
          <Tag color={remedy.role === 'primary' ? 'blue' : 'default'}>
            {enumLabel(t, 'rec.role', remedy.role)}
          </Tag>
        ) : null}
        <strong>{outcomeLabel(t, remedy.outcome)}</strong>
        {refund > 0n ? <span className="rec-money">{formatFen(refund)}</span> : null}
        {payout > 0n ? (
          <span className="rec-money">{t('rec.payout', { amount: formatFen(payout) })}</span>
        ) : null}
        {remedy.returnGoods ? <Tag>{t('rec.returnGoods')}</Tag> : null}
      </div>
      {remedy.lines.length > 0 ? (
        <ul className="rec-lines">
          {remedy.lines.map((line, i) => (
            <li key={`${line.kind}-${i}`}>
              {localText(line.label, language)} {formatFen(line.fen)}
              <span className="rec-clause">{line.clause}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="rec-explanation">{localText(remedy.explanation, language)}</p>
      {remedy.pendingFindings.length > 0 ? (
        <p className="muted-small">
          {t('rec.pending', {
            findings: remedy.pendingFindings.map((f) => enumLabel(t, 'finding', f)).join('、'),
          })}
        </p>
      ) : null}
      {remedy.clauses.length > 0 ? (
        <div className="muted-small">
          {t('rec.clauses')}：{remedy.clauses.join('；')}
        </div>
      ) : null}
    </li>
  );
}

/** Admissible or not (with the reasons and the route suggested instead), and the recommended remedies. */
export function EvaluationView({ e }: { e: Evaluation }) {
  const { t, language } = useI18n();
  return (
    <div className="rec-evaluation">
      <div className="rec-verdict">
        <Tag color={e.admissible ? 'success' : 'error'} data-testid="rec-verdict">
          {e.admissible ? t('rec.admissible') : t('rec.notAdmissible')}
        </Tag>
        {e.track === 'fast' ? <Tag color="orange">{t('rec.fast')}</Tag> : null}
        <span className="muted-small">{t('rec.refundable', { amount: formatFen(e.refundableFen) })}</span>
      </div>
      {!e.admissible ? (
        <>
          <div className="form-list__label">{t('rec.reasons')}</div>
          <ul className="rec-lines">
            {e.reasons.map((r) => (
              <li key={r.code}>
                {localText(r.message, language)}
                <span className="rec-clause">{r.clause}</span>
              </li>
            ))}
          </ul>
          {e.referral ? (
            <p>
              {t('rec.referral')}：{localText(e.referral.message, language)}
              <span className="rec-clause">{e.referral.clause}</span>
            </p>
          ) : null}
        </>
      ) : (
        <ul className="rec-remedies">
          {e.remedies.map((r, i) => (
            <RemedyCard key={`${r.outcome}-${i}`} remedy={r} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Ticks the findings the pack judges by and saves them (`PUT /cases/:id/facts`, other facts kept). */
function FindingsForm({ c, assessment }: { c: CaseDetail; assessment: Assessment }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const recorded = assessment.facts.findings ?? {};
  const [picked, setPicked] = useState<string[]>(() =>
    Object.entries(recorded)
      .filter(([, v]) => v)
      .map(([k]) => k),
  );
  const mutation = useMutation({
    mutationFn: () =>
      recordFacts(c.id, {
        ...assessment.facts,
        findings: Object.fromEntries(FINDINGS.map((f) => [f, picked.includes(f)]).filter(([, v]) => v)),
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(assessmentKey(c.id), next);
      void queryClient.invalidateQueries({ queryKey: caseKey(c.id), exact: true });
      void message.success(t('facts.saved'));
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <div className="rec-facts" data-testid="facts-form">
      <div className="form-list__label">{t('facts.title')}</div>
      <p className="muted-small">{t('facts.hint')}</p>
      <Checkbox.Group
        value={picked}
        onChange={(values) => setPicked(values.map(String))}
        options={FINDINGS.map((f) => ({ value: f, label: enumLabel(t, 'finding', f) }))}
        className="rec-facts__options"
        aria-label={t('facts.title')}
      />
      <div className="form-actions">
        <Button size="small" onClick={() => mutation.mutate()} loading={mutation.isPending}>
          {t('facts.save')}
        </Button>
      </div>
    </div>
  );
}

/**
 * The workspace's policy panel: the pinned pack and version, the verdict with its reasons or the recommended
 * remedies in yuan with their clauses, the findings staff record (agents, handlers, supervisors while the case
 * is open), and after the decision whether it followed the recommendation.
 */
export function RecommendationPanel({ c }: { c: CaseDetail }) {
  const { t, language } = useI18n();
  const user = useCurrentUser();
  const query = useAssessment(c.id);
  if (query.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (query.isError)
    return (
      <Alert type="warning" showIcon title={t('rec.loadError')} description={errorMessage(query.error, t)} />
    );
  const a = query.data;
  const recordsFacts = ['agent', 'handler', 'supervisor'].includes(user.role) && c.closedAt === null;
  const check = a.policyCheck;
  return (
    <div className="recommendation" data-testid="recommendation">
      <p className="muted-small">
        {a.pack
          ? t('rec.pack', {
              pack: a.pack.id,
              version: a.pack.version,
              from: formatDateTime(a.pack.effectiveFrom, language, false),
            })
          : t('rec.unpinned')}
      </p>
      {a.unavailable ? (
        <Alert type="info" showIcon title={localText(a.unavailable.message, language)} />
      ) : null}
      {a.evaluation ? <EvaluationView e={a.evaluation} /> : null}
      {check ? (
        <Alert
          className="section-gap"
          type={check.deviates ? 'warning' : 'success'}
          showIcon
          data-testid="policy-check"
          title={
            check.deviates
              ? t('rec.decided.deviates', {
                  direction: enumLabel(t, 'rec.direction', check.direction ?? ''),
                  reason: check.reason ?? '',
                })
              : t('rec.decided.follows')
          }
        />
      ) : null}
      {recordsFacts && a.evaluation ? <FindingsForm c={c} assessment={a} /> : null}
    </div>
  );
}
