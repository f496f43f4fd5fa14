import { z } from 'zod';
import { BREACH_ACTIONS, type OpenDeadlineInput } from './manage-deadlines.js';

/** A deadline target as policy data: a case snapshots the set in force when it opens (seed 002 §32). */
export const SlaTargetSchema = z
  .object({
    kind: z.string().regex(/^[a-z_]{2,40}$/),
    owner: z.enum(['platform', 'claimant', 'respondent']),
    clause: z.string().min(1).max(120),
    target: z
      .object({
        unit: z.enum(['hours', 'calendar_days', 'working_days', 'months']),
        amount: z.number().int().min(0).max(1000),
        extendPastHoliday: z.boolean().optional(),
      })
      .strict(),
    pauseStatuses: z.array(z.string()).max(20),
    warnPercent: z.number().int().min(1).max(99).nullable(),
    onBreach: z.enum(BREACH_ACTIONS),
    /** Which cases get it: every case, complex ones (solution target) or major disputes (progress report). */
    appliesTo: z.enum(['all', 'complex', 'major']),
  })
  .strict();
export type SlaTarget = z.infer<typeof SlaTargetSchema>;

// Statuses in which the case waits on a party, not on the platform: the platform's own clocks stand still.
const WAITING_ON_PARTY = ['awaiting_supplement', 'counter_offered', 'merchant_refused', 'suspended'];

/**
 * The default response SLAs (PRODUCT.md "Response SLAs") and regulatory yardsticks, all owed by the platform,
 * so a miss is recorded as the platform's own breach. Policy packs (issue #5) may replace them per tenant and
 * scenario; the case lifecycle (issue #4) opens them from the snapshot it pins on the case.
 */
export const DEFAULT_SLA_TARGETS: readonly SlaTarget[] = [
  {
    kind: 'first_response',
    owner: 'platform',
    clause: '31huiyi §(四)2 (24小时内给出初步响应)',
    target: { unit: 'hours', amount: 24 },
    pauseStatuses: WAITING_ON_PARTY,
    warnPercent: 80,
    onBreach: 'escalate',
    appliesTo: 'all',
  },
  {
    kind: 'solution',
    owner: 'platform',
    clause: '31huiyi §(四)2 (复杂问题72小时内提供解决方案)',
    target: { unit: 'hours', amount: 72 },
    pauseStatuses: WAITING_ON_PARTY,
    warnPercent: 80,
    onBreach: 'escalate',
    appliesTo: 'complex',
  },
  {
    kind: 'progress_report',
    owner: 'platform',
    clause: '31huiyi §(四)2 (重大纠纷10个工作日内出具阶段性处理进展)',
    target: { unit: 'working_days', amount: 10 },
    pauseStatuses: WAITING_ON_PARTY,
    warnPercent: 80,
    onBreach: 'escalate',
    appliesTo: 'major',
  },
  {
    kind: 'handling_yardstick',
    owner: 'platform',
    clause: '消法实施条例 Art. 46 (7个工作日内处理并告知)',
    target: { unit: 'working_days', amount: 7 },
    pauseStatuses: WAITING_ON_PARTY,
    warnPercent: 70,
    onBreach: 'notify',
    appliesTo: 'all',
  },
  {
    kind: 'mediation_yardstick',
    owner: 'platform',
    // Art. 46: 60 days from acceptance, testing time excluded — cases pause it while awaiting a test report.
    clause: '消法实施条例 Art. 46 (调解自受理之日起60日内完成，检测鉴定时间不计入)',
    target: { unit: 'calendar_days', amount: 60 },
    pauseStatuses: ['awaiting_test_report', 'suspended'],
    warnPercent: 80,
    onBreach: 'notify',
    appliesTo: 'all',
  },
];

/**
 * The platform SLA deadlines to open for a case from a snapshot of targets: those for every case, plus the
 * complex-case and major-dispute ones when the case is flagged so.
 */
export function slaDeadlinesFor(
  targets: readonly SlaTarget[],
  c: { tenantId: string; caseId: string; startsAt: Date; complex: boolean; major: boolean },
): OpenDeadlineInput[] {
  return targets
    .filter(
      (t) =>
        t.appliesTo === 'all' ||
        (t.appliesTo === 'complex' && c.complex) ||
        (t.appliesTo === 'major' && c.major),
    )
    .map((t) => ({
      tenantId: c.tenantId,
      subject: { type: 'case', id: c.caseId },
      kind: t.kind,
      owner: t.owner,
      clause: t.clause,
      startsAt: c.startsAt,
      target: t.target,
      pauseStatuses: [...t.pauseStatuses],
      warnPercent: t.warnPercent,
      onBreach: t.onBreach,
    }));
}
