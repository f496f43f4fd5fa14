import { z } from 'zod';
import { base, commonSettings, R, scopeExclusions, W, X } from './pack-base.schema.js';
import {
  DeductionCapRuleSchema,
  MinimumRuleSchema,
  MultiplierRuleSchema,
  settingSchema,
} from './policy-parts.schema.js';

/** Local-services vouchers (seed 002). */
export const VoucherPackSchema = z
  .object({
    ...base,
    kind: z.literal('voucher'),
    scenario: z.literal('local_services'),
    settings: z
      .object({
        ...commonSettings,
        postRedemptionMismatch: settingSchema(z.enum(['hidden_only', 'all', 'none'])),
      })
      .strict(),
    windows: z.object({ postRedemptionDispute: W, postRedemptionService: W, threeGuarantees: W }).strict(),
    remedies: z
      .object({
        preRedemptionRefund: R,
        illegalOrCounterfeitRefund: R,
        qualityReturnRefund: R,
        threeGuaranteesExchangeRepair: R,
        refusedOrUnusableRefund: R,
        proRataRefund: R,
        priceRaisedRefund: R,
        priceDifferenceRefund: R,
        fakeTransactionRefund: R,
        agreementEnforced: R,
      })
      .strict(),
    amounts: z.object({}).strict(),
    exclusions: z
      .object({
        ...scopeExclusions,
        outOfTime: X,
        settledAndPerformed: X,
        acceptedDifferentItemAtStore: X,
        reapplicationAfterRejection: X,
        fakeTransactionAfterRedemption: X,
        redeemedVisibleMismatch: X,
        merchantPerformedNeedsAgreement: X,
        dangerLossElsewhere: X,
      })
      .strict(),
    evidence: z
      .object({ merchantDocuments: X, photosSuffice: X, testReport: X, selfInitiatedTest: X })
      .strict(),
  })
  .strict();

/** Event tickets (seed 000). */
export const EventTicketPackSchema = z
  .object({
    ...base,
    kind: z.literal('event_ticket'),
    scenario: z.literal('tickets'),
    settings: z
      .object({
        ...commonSettings,
        minRefundWindowDays: settingSchema(z.number().int().min(7).max(365)),
        defaultRefundWindowDays: settingSchema(z.number().int().min(7).max(365)),
        // "活动开始日 N 日前": is the day exactly N days before the start day still in (docs/domain/policies.md)?
        standardRefundLastDay: settingSchema(z.enum(['n_days_before', 'day_before_that'])),
        serviceFeeWhenPageSilent: settingSchema(z.enum(['refund', 'keep'])),
        forceMajeureWithInsurance: settingSchema(z.enum(['face_value_in_full', 'deduction_applies'])),
        forceMajeureDeductionRequiresDocuments: settingSchema(z.boolean()),
        physicalTicketReturn: settingSchema(z.enum(['cancellation_only', 'every_refund'])),
      })
      .strict(),
    windows: z
      .object({
        conditionalRefundPayout: W,
        cancellationPlan: W,
        cancellationRefund: W,
        physicalTicketReturn: W,
        postponementRefund: W,
        forceMajeureRefund: W,
        organizerPayout: W,
        refundReissue: W,
        assistedRecoveryOverdue: W,
      })
      .strict(),
    remedies: z
      .object({
        standardRefund: R,
        conditionalRefund: R,
        cancellationRefund: R,
        postponementRefund: R,
        furtherChangeRefund: R,
        forceMajeureRefund: R,
        insuranceFirst: R,
      })
      .strict(),
    amounts: z.object({ conditionalDeductionCap: DeductionCapRuleSchema }).strict(),
    exclusions: z
      .object({
        ...scopeExclusions,
        oneConditionalRefundPerOrder: X,
        repurchaseAfterConditionalRefund: X,
        physicalTicketNotReturned: X,
        afterEventStart: X,
      })
      .strict(),
  })
  .strict();

/** Live-streaming (seed 001). */
export const LiveStreamingPackSchema = z
  .object({
    ...base,
    kind: z.literal('live_streaming'),
    scenario: z.literal('live_streaming'),
    settings: z.object({ ...commonSettings }).strict(),
    windows: z.object({}).strict(),
    remedies: z
      .object({
        fraudFullRefund: R,
        fraudCompensation: R,
        notDeliveredRefund: R,
        renewalRefund: R,
        misunderstandingExplained: R,
      })
      .strict(),
    amounts: z.object({ fraudMultiplier: MultiplierRuleSchema, fraudMinimum: MinimumRuleSchema }).strict(),
    exclusions: z.object({ ...scopeExclusions, fraudManufacturedClaim: X, fraudLabelFlaw: X }).strict(),
  })
  .strict();
