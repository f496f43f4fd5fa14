import { z } from 'zod';
import { CATEGORIES, REMEDIES } from '../../../common/cases.js';
import { FenInputSchema } from '../../../common/money.js';
import type { Action } from './case-lifecycle.js';
import { REMEDY_OUTCOMES } from '../policy/index.js';

export { CATEGORIES, REMEDIES } from '../../../common/cases.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** Filing a case: by the consumer (web/app), the marketplace for its user (API) or an agent for a caller (hotline). */
export const OpenCaseBodySchema = z
  .object({
    kind: z.enum(['refund_request', 'complaint']),
    orderId: z.string().max(64).optional(),
    respondentMerchantId: z.string().max(64).optional(),
    category: z.enum(CATEGORIES),
    title: Text(100),
    description: z
      .string()
      .trim()
      .min(10, 'describe what happened (time, content, point of dispute)')
      .max(5000),
    requestedRemedy: z.enum(REMEDIES),
    requestedAmountFen: FenInputSchema,
    urgent: z.boolean().default(false),
    /** When the marketplace or an agent files for a consumer: the consumer's marketplace user id. */
    claimantExternalId: z.string().max(64).optional(),
  })
  .strict();
export type OpenCaseBody = z.infer<typeof OpenCaseBodySchema>;

const Note = z.string().trim().max(2000).optional();
const Remedy = z
  .object({
    type: z.enum(REMEDIES),
    amountFen: FenInputSchema,
    payer: z.enum(['respondent', 'platform', 'guarantee_fund', 'claimant']),
  })
  .strict();

/** Payload of each lifecycle action (what the actor must say), beside the optimistic-lock version. */
export const ACTION_PAYLOADS: Record<Action, z.ZodObject> = {
  agree_refund: z.object({ note: Note }),
  refuse_refund: z.object({ reason: Text(2000) }),
  counter_offer: z.object({ remedy: z.enum(REMEDIES), amountFen: FenInputSchema, note: Note }),
  accept_counter_offer: z.object({ note: Note }),
  reject_counter_offer: z.object({ reason: Text(2000) }),
  escalate_to_platform: z.object({ reason: Text(2000) }),
  accept: z.object({ expectedHandlingDays: z.number().int().min(1).max(60).default(7), note: Note }),
  request_supplement: z.object({ missing: z.array(Text(200)).min(1).max(20), note: Note }),
  supplement: z.object({ text: Text(5000) }),
  not_accept: z.object({
    reason: Text(2000),
    referral: z.enum(['12315', 'court', 'arbitration', 'third_party_mediation', 'police', 'none']),
    referralNote: Note,
  }),
  start_mediation: z.object({ note: Note }),
  mediation_agreed: z.object({ agreement: Text(5000), remedies: z.array(Remedy).min(1).max(10) }),
  accept_offer: z.object({ offerId: z.string().min(1).max(64), note: Note }),
  end_mediation: z.object({ reason: Text(2000) }),
  decide: z.object({
    text: Text(10000),
    remedies: z.array(Remedy).max(10),
    penalties: z
      .array(
        z
          .object({
            type: z.enum(['warning', 'trade_restriction', 'deposit_deduction', 'delisting']),
            amountFen: FenInputSchema.optional(),
            note: Note,
          })
          .strict(),
      )
      .max(10)
      .default([]),
    clauses: z.array(Text(120)).min(1).max(20),
    /** The policy outcome decided, when the remedy types alone do not say it (e.g. proportional_refund). */
    outcome: z.enum(REMEDY_OUTCOMES).optional(),
    /** Required when the decision differs from the pack's recommendation (recorded, staff-only, reported). */
    deviationReason: z.string().trim().max(2000).optional(),
  }),
  // The in-app inbox always; email and SMS (where the party has an address) unless the handler leaves them out.
  send_notice: z.object({
    channels: z
      .array(z.enum(['inbox', 'sms', 'email']))
      .max(3)
      .default(['inbox', 'sms', 'email']),
  }),
  appeal: z.object({ reasons: Text(5000) }),
  uphold: z.object({ text: Text(5000) }),
  revise: z.object({ text: Text(5000), remedies: z.array(Remedy).max(10) }),
  mark_executed: z.object({ note: Note }),
  suspend: z.object({ venue: z.enum(['court', 'police']), note: Note }),
  record_proof: z.object({
    venue: z.enum(['court', 'police']),
    reference: Text(200),
    evidenceId: z.string().max(64).optional(),
    note: Note,
  }),
  resume: z.object({ note: Note }),
  rate: z.object({ stars: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() }),
  police_no_conclusion: z.object({}),
  refer_out: z.object({ to: z.enum(['arbitration', '12315', 'court', 'third_party_mediation']), note: Note }),
  withdraw: z.object({ reason: Note }),
  close: z.object({ reason: Text(2000) }),
  merchant_silent: z.object({}),
  supplement_expired: z.object({}),
  mediation_expired: z.object({}),
  appeal_window_closed: z.object({}),
  suspension_proof_missing: z.object({}),
};

/** An offer in mediation: a typed remedy with an amount (0 for exchange or repair). */
export const MakeOfferBodySchema = z
  .object({ remedy: z.enum(REMEDIES), amountFen: FenInputSchema, note: Note })
  .strict();
export type MakeOfferBody = z.infer<typeof MakeOfferBodySchema>;
