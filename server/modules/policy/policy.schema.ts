import { z } from 'zod';
import { SlaTargetSchema } from '../deadlines/index.js';
import {
  ClauseSchema,
  ConsequencesSchema,
  DeductionCapRuleSchema,
  ExclusionRuleSchema,
  FastTrackSchema,
  LifecycleSchema,
  LocalizedTextSchema,
  MinimumRuleSchema,
  MultiplierRuleSchema,
  RateRuleSchema,
  RemedyRuleSchema,
  settingSchema,
  WindowRuleSchema,
} from './policy-parts.schema.js';
import { checkPackReferences } from './pack-references.js';

/** Pack kinds (glossary "规则包") and the order scenario each applies to. */
export const PACK_SCENARIOS = {
  ecommerce: 'ecommerce',
  guarantee_plan: 'ecommerce',
  voucher: 'local_services',
  event_ticket: 'tickets',
  live_streaming: 'live_streaming',
} as const;
export type PackKind = keyof typeof PACK_SCENARIOS;

/**
 * Which orders a version governs (seed 000 §五.1): `all_orders`, or only orders placed (paid) at or after
 * `effectiveFrom` — the only way a version that narrows consumers' rights may be published.
 */
export const ORDER_SCOPES = ['all_orders', 'orders_placed_from_effective'] as const;
export type OrderScope = (typeof ORDER_SCOPES)[number];

/** seed 000 §3.3 a)–c) read two ways when recovered money cannot pay everyone (docs/domain/policies.md). */
export const RECOVERY_DISTRIBUTIONS = ['costs_first_then_pro_rata', 'advances_and_costs_first'] as const;
export type RecoveryDistribution = (typeof RECOVERY_DISTRIBUTIONS)[number];

const W = WindowRuleSchema;
const R = RemedyRuleSchema.optional();
const X = ExclusionRuleSchema.optional();

const commonSettings = {
  /** 民法典 Art. 203 for calendar-day windows that do not say otherwise. */
  extendPastHoliday: settingSchema(z.boolean()),
  recoveryDistribution: settingSchema(z.enum(RECOVERY_DISTRIBUTIONS)),
};

const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  version: z.number().int().min(1).max(1_000_000),
  effectiveFrom: z.iso.datetime({ offset: true }),
  orderScope: z.enum(ORDER_SCOPES),
  title: LocalizedTextSchema,
  clauses: z.array(ClauseSchema).min(1).max(300),
  lifecycle: LifecycleSchema,
  consequences: ConsequencesSchema,
  slaTargets: z.array(SlaTargetSchema).max(30),
  fastTrack: FastTrackSchema,
};

// seed 001 初步审核: a matter unrelated to a trade on the platform is not accepted (every pack).
const scopeExclusions = { outOfScope: X };

const noReasonExclusions = {
  noReasonMadeToOrder: X,
  noReasonPerishable: X,
  noReasonUnsealedDigital: X,
  noReasonPeriodicals: X,
  noReasonConfirmedAtPurchase: X,
  noReasonNotIntact: X,
};

const EcommercePackSchema = z
  .object({
    ...base,
    kind: z.literal('ecommerce'),
    scenario: z.literal('ecommerce'),
    settings: z
      .object({
        ...commonSettings,
        noReasonRefundIncludesShipping: settingSchema(z.boolean()),
        threeGuaranteesFrom: settingSchema(z.enum(['delivery', 'sale'])),
      })
      .strict(),
    windows: z
      .object({
        noReasonReturn: W,
        noReasonRefund: W,
        qualityReturn: W,
        threeGuaranteesReturn: W,
        threeGuaranteesExchange: W,
      })
      .strict(),
    remedies: z
      .object({
        noReasonReturn: R,
        qualityReturn: R,
        threeGuaranteesReturn: R,
        threeGuaranteesExchange: R,
        repairOrExchange: R,
        notAsDescribedReturn: R,
        notDeliveredRefund: R,
        fraudCompensation: R,
        foodCompensation: R,
      })
      .strict(),
    amounts: z
      .object({
        fraudMultiplier: MultiplierRuleSchema,
        fraudMinimum: MinimumRuleSchema,
        foodPriceMultiplier: MultiplierRuleSchema,
        foodLossMultiplier: MultiplierRuleSchema,
        foodMinimum: MinimumRuleSchema,
      })
      .strict(),
    exclusions: z
      .object({
        ...scopeExclusions,
        ...noReasonExclusions,
        fraudLabelFlaw: X,
        fraudManufacturedClaim: X,
        foodLabelFlaw: X,
      })
      .strict(),
  })
  .strict();

const GuaranteePlanPackSchema = z
  .object({
    ...base,
    kind: z.literal('guarantee_plan'),
    scenario: z.literal('ecommerce'),
    settings: z
      .object({
        ...commonSettings,
        noReasonRefundIncludesShipping: settingSchema(z.boolean()),
        tenfoldIncludesRefund: settingSchema(z.boolean()),
        tenfoldCoversSeriousQuality: settingSchema(z.boolean()),
      })
      .strict(),
    windows: z.object({ claim: W, noReasonReturn: W, noReasonRefund: W }).strict(),
    remedies: z
      .object({
        counterfeitTenfold: R,
        qualityReturn: R,
        asDescribed: R,
        honestShipping: R,
        noReasonReturn: R,
        depositDeduction: R,
        guaranteeFund: R,
      })
      .strict(),
    amounts: z
      .object({
        counterfeitMultiplier: MultiplierRuleSchema,
        asDescribedCompensation: RateRuleSchema,
        honestShippingCompensation: RateRuleSchema,
      })
      .strict(),
    exclusions: z.object({ ...scopeExclusions, ...noReasonExclusions, maliciousClaim: X }).strict(),
  })
  .strict();

const VoucherPackSchema = z
  .object({
    ...base,
    kind: z.literal('voucher'),
    scenario: z.literal('local_services'),
    settings: z
      .object({ ...commonSettings, postRedemptionMismatch: settingSchema(z.enum(['hidden_only', 'all', 'none'])) })
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

const EventTicketPackSchema = z
  .object({
    ...base,
    kind: z.literal('event_ticket'),
    scenario: z.literal('tickets'),
    settings: z
      .object({
        ...commonSettings,
        minRefundWindowDays: settingSchema(z.number().int().min(7).max(365)),
        defaultRefundWindowDays: settingSchema(z.number().int().min(7).max(365)),
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

const LiveStreamingPackSchema = z
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

/**
 * A policy pack version as data: validated here, stored as JSON (`serializePolicyPack`), pinned on a case.
 * Beyond the shapes: clause ids are unique and every `clause` a rule names is one of them; an event-ticket
 * pack's refund window N is at least 7 days (seed 000 §2.1 a).
 */
export const PolicyPackSchema = z
  .discriminatedUnion('kind', [
    EcommercePackSchema,
    GuaranteePlanPackSchema,
    VoucherPackSchema,
    EventTicketPackSchema,
    LiveStreamingPackSchema,
  ])
  .superRefine((pack, ctx) => {
    for (const issue of checkPackReferences(pack)) ctx.addIssue({ code: 'custom', ...issue });
  });

/** A parsed, valid pack (fen as bigint). */
export type PolicyPack = z.output<typeof PolicyPackSchema>;
/** What a pack may be written as (fen as bigint, digit string or safe integer). */
export type PolicyPackInput = z.input<typeof PolicyPackSchema>;
/** The pack of one kind. */
export type PackOf<K extends PackKind> = Extract<PolicyPack, { kind: K }>;
export type EcommercePack = PackOf<'ecommerce'>;
export type GuaranteePlanPack = PackOf<'guarantee_plan'>;
export type VoucherPack = PackOf<'voucher'>;
export type EventTicketPack = PackOf<'event_ticket'>;
export type LiveStreamingPack = PackOf<'live_streaming'>;
