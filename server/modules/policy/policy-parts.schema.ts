import { z } from 'zod';
import { REMEDY_OUTCOMES, type RemedyOutcome } from '../../../common/recommendation.js';
import { BREACH_ACTIONS, SlaTargetSchema } from '../deadlines/index.js';

/**
 * Building blocks of a policy pack (see policy.schema.ts for the packs themselves). Every rule names the
 * clause it comes from; the pack schema checks that each such id is listed in the pack's `clauses`.
 */

/** A clause id as cited in recommendations: `koubei §19(二)`, `消法 Art. 25`, `31huiyi §2.1 a)`. */
export const ClauseIdSchema = z.string().trim().min(1).max(80);

/** Text in both languages of the product (zh-CN first). */
export const LocalizedTextSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

/** One rule of a source text: its id, where it comes from, the Chinese wording and a summary. */
export const ClauseSchema = z
  .object({
    id: ClauseIdSchema,
    /** Document and article, e.g. `口碑在线购买争议处理规范 第十九条（二） (seed 002)`. */
    source: z.string().trim().min(1).max(200),
    /** The source's own words (Chinese), so an operator can check the encoding against them. */
    quote: z.string().trim().min(1).max(2000),
    summary: LocalizedTextSchema,
  })
  .strict();
export type Clause = z.infer<typeof ClauseSchema>;

/**
 * An amount in fen inside pack data: a bigint in code, a digit string in stored JSON (bigint has no JSON
 * form), or a safe integer. Always a bigint after parsing.
 */
export const PackFenSchema = z.union([
  z.bigint().nonnegative(),
  z
    .string()
    .regex(/^\d{1,18}$/)
    .transform((v) => BigInt(v)),
  z
    .number()
    .int()
    .nonnegative()
    .max(Number.MAX_SAFE_INTEGER)
    .transform((v) => BigInt(v)),
]);

/** The same shape as a deadline's target (deadlines module), so a window can become a deadline row as is. */
export const WindowTargetSchema = z
  .object({
    unit: z.enum(['hours', 'calendar_days', 'working_days', 'months']),
    amount: z.number().int().min(0).max(1000),
    /** 民法典 Art. 203 for this window; absent = the pack's `extendPastHoliday` setting. */
    extendPastHoliday: z.boolean().optional(),
  })
  .strict();
export type WindowTarget = z.infer<typeof WindowTargetSchema>;

/**
 * Who must act within a window, which also says which way a change hurts consumers (rights diff):
 * `claimant` — the consumer must act in time (shorter is worse); `respondent`/`platform` — they must act
 * (longer is worse); `escrow` — money is held that long (shorter is worse); `either_party` — whichever
 * party went to court or police (any change may hurt the consumer).
 */
export const WINDOW_OWNERS = ['claimant', 'respondent', 'platform', 'escrow', 'either_party'] as const;
export type WindowOwner = (typeof WINDOW_OWNERS)[number];

/** A period with its owner and clause. */
export const WindowRuleSchema = z
  .object({ target: WindowTargetSchema, owner: z.enum(WINDOW_OWNERS), clause: ClauseIdSchema })
  .strict();
export type WindowRule = z.infer<typeof WindowRuleSchema>;

/** Outcomes and offers of the glossary (处理结果 / 方案); shared with the web (common/recommendation.ts). */
export { REMEDY_OUTCOMES, type RemedyOutcome };

/** Merchant penalties of the glossary (处罚). */
export const PENALTIES = ['warning', 'trade_restriction', 'deposit_deduction', 'delisting'] as const;
export type Penalty = (typeof PENALTIES)[number];

/** A remedy the pack grants; a key missing from a pack's `remedies` means the remedy is not offered. */
export const RemedyRuleSchema = z
  .object({
    outcome: z.enum(REMEDY_OUTCOMES),
    clause: ClauseIdSchema,
    penalties: z.array(z.enum(PENALTIES)).max(4).optional(),
  })
  .strict();
export type RemedyRule = z.infer<typeof RemedyRuleSchema>;

/** "N times the price" (higher is better for consumers). Integer: no floats near money. */
export const MultiplierRuleSchema = z
  .object({ type: z.literal('multiplier'), times: z.number().int().min(0).max(100), clause: ClauseIdSchema })
  .strict();
/** A floor in fen (higher is better for consumers). */
export const MinimumRuleSchema = z
  .object({ type: z.literal('minimum'), fen: PackFenSchema, clause: ClauseIdSchema })
  .strict();
/** A share of the price in basis points paid as compensation (higher is better for consumers). */
export const RateRuleSchema = z
  .object({
    type: z.literal('rate'),
    basisPoints: z.number().int().min(0).max(100_000),
    clause: ClauseIdSchema,
  })
  .strict();
/** The most a respondent may deduct, in basis points of the refund base (lower is better for consumers). */
export const DeductionCapRuleSchema = z
  .object({
    type: z.literal('deduction_cap'),
    basisPoints: z.number().int().min(0).max(10_000),
    clause: ClauseIdSchema,
  })
  .strict();
export type AmountRule =
  | z.infer<typeof MultiplierRuleSchema>
  | z.infer<typeof MinimumRuleSchema>
  | z.infer<typeof RateRuleSchema>
  | z.infer<typeof DeductionCapRuleSchema>;

/** An exclusion the pack applies; absent = not applied (so adding one narrows consumers' rights). */
export const ExclusionRuleSchema = z.object({ clause: ClauseIdSchema }).strict();

/** A setting's value with the clause it implements or resolves. */
export function settingSchema<T extends z.ZodType>(value: T) {
  return z.object({ value, clause: ClauseIdSchema }).strict();
}

/** What follows a missed deadline: the deadlines module's breach actions plus `auto_agree` (refund requests). */
export const CONSEQUENCE_ACTIONS = [...BREACH_ACTIONS, 'auto_agree'] as const;
export type ConsequenceAction = (typeof CONSEQUENCE_ACTIONS)[number];
const ConsequenceSchema = z.object({ action: z.enum(CONSEQUENCE_ACTIONS), clause: ClauseIdSchema }).strict();

/** Deadline consequences (超时后果) a pack decides. */
export const ConsequencesSchema = z
  .object({
    /** The merchant does not answer the consumer's own refund request (售后申请) in time. */
    refundRequestSilence: ConsequenceSchema,
    /** The respondent does not answer the platform's evidence request in time. */
    respondentSilence: ConsequenceSchema,
    /** The claimant does not supplement an incomplete complaint in time. */
    claimantNoSupplement: ConsequenceSchema,
    /** Mediation ends without agreement. */
    mediationNoAgreement: ConsequenceSchema,
  })
  .strict();

/** The complaint lifecycle's periods (seed 001; suspension seed 002 §28). */
export const LifecycleSchema = z
  .object({
    acceptance: WindowRuleSchema,
    supplement: WindowRuleSchema,
    refundRequestResponse: WindowRuleSchema,
    respondentReply: WindowRuleSchema,
    mediation: WindowRuleSchema,
    notice: WindowRuleSchema,
    appeal: WindowRuleSchema,
    appealReview: WindowRuleSchema,
    suspensionProof: WindowRuleSchema,
    policeNoConclusion: WindowRuleSchema,
  })
  .strict();
export type LifecycleKey = keyof z.infer<typeof LifecycleSchema>;

/** Urgent or large cases take the fast track: a priority queue and these SLA targets instead. */
export const FastTrackSchema = z
  .object({
    /** Cases whose disputed amount is at least this go fast. */
    thresholdFen: PackFenSchema,
    /** Cases flagged urgent go fast. */
    urgent: z.boolean(),
    clause: ClauseIdSchema,
    /** Replace the pack's targets of the same `kind` on the fast track. */
    slaOverrides: z.array(SlaTargetSchema).max(20),
  })
  .strict();

/** Where a pack's remedies send the consumer when the platform is not the place (不予受理 → 转其他途径). */
export const REFERRAL_TARGETS = [
  'negotiate_with_respondent',
  'platform_appeal',
  'third_party_mediation',
  'arbitration',
  'regulator_12315',
  'court',
  'police',
  'other_channels',
] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];
