import { formatFen } from '../../../common/money.js';
import type { SlaTarget } from '../deadlines/index.js';
import type { PolicyPack } from './policy.schema.js';
import {
  change,
  diffAmounts,
  diffPresence,
  diffWindows,
  keysOf,
  type Area,
  type Entry,
  type RightsChange,
} from './rights-diff-parts.js';
import { labelOf } from './rights-labels.js';

export type { RightsChange } from './rights-diff-parts.js';

// Settings ranked worst → best for consumers; numbers in LOWER_IS_BETTER; anything else is "changed".
const SETTING_RANK: Record<string, readonly unknown[]> = {
  extendPastHoliday: [false, true],
  recoveryDistribution: ['advances_and_costs_first', 'costs_first_then_pro_rata'],
  // Waiting out the appeal window only delays the money the consumer agreed to.
  agreementExecution: ['after_appeal_window', 'immediate'],
  noReasonRefundIncludesShipping: [false, true],
  threeGuaranteesFrom: ['sale', 'delivery'],
  tenfoldIncludesRefund: [true, false],
  tenfoldCoversSeriousQuality: [false, true],
  postRedemptionMismatch: ['none', 'hidden_only', 'all'],
  serviceFeeWhenPageSilent: ['keep', 'refund'],
  forceMajeureWithInsurance: ['deduction_applies', 'face_value_in_full'],
  forceMajeureDeductionRequiresDocuments: [false, true],
  physicalTicketReturn: ['every_refund', 'cancellation_only'],
  standardRefundLastDay: ['day_before_that', 'n_days_before'],
};
// N is the number of days before the start after which an instant refund is no longer available.
const LOWER_IS_BETTER = new Set(['minRefundWindowDays', 'defaultRefundWindowDays']);
const RESPONDENT_SIDE = [
  'auto_close',
  'notify',
  'escalate',
  'hand_to_platform',
  'default_decision',
  'auto_agree',
];
const CONSEQUENCE_RANK: Record<string, readonly string[]> = {
  refundRequestSilence: RESPONDENT_SIDE,
  respondentSilence: RESPONDENT_SIDE,
  mediationNoAgreement: RESPONDENT_SIDE,
  claimantNoSupplement: [
    'auto_close',
    'default_decision',
    'hand_to_platform',
    'escalate',
    'notify',
    'auto_agree',
  ],
};

/**
 * Every consumer-relevant difference from `prev` to `next`: windows and lifecycle periods shortened or
 * lengthened, remedies and evidence rules removed or added, amounts raised or lowered, exclusions added or
 * dropped, settings, deadline consequences, SLA targets and the fast track changed — each with a zh + en
 * sentence and whether it narrows consumers' rights. Clause texts, titles and ids are not rights.
 */
export function diffConsumerRights(prev: PolicyPack, next: PolicyPack): RightsChange[] {
  if (prev.kind !== next.kind) {
    return [
      change('pack', 'kind', 'changed', true, prev.kind, next.kind, null, {
        zh: `规则包类型由 ${prev.kind} 改为 ${next.kind}`,
        en: `Pack kind changed from ${prev.kind} to ${next.kind}`,
      }),
    ];
  }
  const p = prev as Entry;
  const n = next as Entry;
  return [
    ...diffWindows('window', p.windows as Entry, n.windows as Entry),
    ...diffWindows('lifecycle', p.lifecycle as Entry, n.lifecycle as Entry),
    ...diffPresence('remedy', p.remedies as Entry, n.remedies as Entry, true),
    ...diffPresence('evidence', (p.evidence ?? {}) as Entry, (n.evidence ?? {}) as Entry, true),
    ...diffPresence('exclusion', p.exclusions as Entry, n.exclusions as Entry, false),
    ...diffAmounts(p.amounts as Entry, n.amounts as Entry),
    ...diffRanked('setting', p.settings as Entry, n.settings as Entry, (k) => SETTING_RANK[k], 'value'),
    ...diffRanked(
      'consequence',
      p.consequences as Entry,
      n.consequences as Entry,
      (k) => CONSEQUENCE_RANK[k],
      'action',
    ),
    ...diffSla('sla', prev.slaTargets, next.slaTargets),
    ...diffFastTrack(prev, next),
  ];
}

function diffRanked(
  area: Area,
  before: Entry,
  after: Entry,
  rankOf: (key: string) => readonly unknown[] | undefined,
  field: 'value' | 'action',
): RightsChange[] {
  const out: RightsChange[] = [];
  for (const key of keysOf(before, after)) {
    const a = (before[key] as Record<string, unknown> | undefined)?.[field];
    const b = (after[key] as Record<string, unknown> | undefined)?.[field];
    if (a === b) continue;
    const clause = ((after[key] ?? before[key]) as { clause?: string } | undefined)?.clause ?? null;
    const rank = rankOf(key);
    let narrowing = true;
    if (typeof a === 'number' && typeof b === 'number') narrowing = LOWER_IS_BETTER.has(key) ? b > a : b < a;
    else if (rank && rank.includes(a) && rank.includes(b)) narrowing = rank.indexOf(b) < rank.indexOf(a);
    const label = labelOf(key);
    out.push(
      change(area, key, 'changed', narrowing, String(a), String(b), clause, {
        zh: `${label.zh}由 ${String(a)} 改为 ${String(b)}`,
        en: `${label.en} changed from ${String(a)} to ${String(b)}`,
      }),
    );
  }
  return out;
}

function diffSla(area: Area, before: readonly SlaTarget[], after: readonly SlaTarget[]): RightsChange[] {
  const windowsOf = (targets: readonly SlaTarget[]) =>
    Object.fromEntries(
      targets.map((t) => [t.kind, { target: t.target, owner: 'platform', clause: t.clause }]),
    );
  const out = diffWindows(area, windowsOf(before), windowsOf(after));
  for (const b of after) {
    const a = before.find((t) => t.kind === b.kind);
    if (!a) continue;
    const morePauses = b.pauseStatuses.some((s) => !a.pauseStatuses.includes(s));
    const narrower = a.appliesTo !== b.appliesTo && b.appliesTo !== 'all';
    if (morePauses || narrower) {
      out.push(
        change(
          area,
          b.kind,
          'changed',
          true,
          `${a.appliesTo}; ${a.pauseStatuses.join(',')}`,
          `${b.appliesTo}; ${b.pauseStatuses.join(',')}`,
          b.clause,
          {
            zh: `服务时限 ${b.kind} 的适用范围或暂停状态已变更`,
            en: `SLA ${b.kind}: scope or pausing statuses changed`,
          },
        ),
      );
    }
  }
  return out;
}

function diffFastTrack(prev: PolicyPack, next: PolicyPack): RightsChange[] {
  const [a, b] = [prev.fastTrack, next.fastTrack];
  const out: RightsChange[] = [];
  if (a.thresholdFen !== b.thresholdFen) {
    const raised = b.thresholdFen > a.thresholdFen;
    const label = labelOf('fastTrackThreshold');
    out.push(
      change(
        'fast_track',
        'fastTrackThreshold',
        raised ? 'raised' : 'lowered',
        raised,
        formatFen(a.thresholdFen),
        formatFen(b.thresholdFen),
        b.clause,
        {
          zh: `${label.zh}由 ${formatFen(a.thresholdFen)} ${raised ? '提高' : '降低'}为 ${formatFen(b.thresholdFen)}`,
          en: `${label.en} ${raised ? 'raised' : 'lowered'} from ${formatFen(a.thresholdFen)} to ${formatFen(b.thresholdFen)}`,
        },
      ),
    );
  }
  if (a.urgent !== b.urgent) {
    const label = labelOf('fastTrackUrgent');
    out.push(
      change(
        'fast_track',
        'fastTrackUrgent',
        b.urgent ? 'added' : 'removed',
        !b.urgent,
        String(a.urgent),
        String(b.urgent),
        b.clause,
        {
          zh: `${b.urgent ? '新增' : '取消'}：${label.zh}`,
          en: `${b.urgent ? 'Added' : 'Removed'}: ${label.en}`,
        },
      ),
    );
  }
  return [...out, ...diffSla('fast_track', a.slaOverrides, b.slaOverrides)];
}
