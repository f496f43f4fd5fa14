import { z } from 'zod';
import { SlaTargetSchema } from '../deadlines/index.js';
import {
  ClauseSchema,
  ConsequencesSchema,
  ExclusionRuleSchema,
  FastTrackSchema,
  LifecycleSchema,
  LocalizedTextSchema,
  RemedyRuleSchema,
  settingSchema,
  WindowRuleSchema,
} from './policy-parts.schema.js';

// Fields and settings every pack kind shares (the kinds: retail-packs.schema.ts, service-packs.schema.ts).

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

/**
 * When an agreement reached in mediation (调解协议: an accepted offer) is carried out: at once, or only after the
 * appeal window like a platform decision. seed 001 offers 复议 to a party "不满意" with the result, which reads
 * two ways for an agreement both parties accepted (docs/domain/policies.md "Agreement execution").
 */
export const AGREEMENT_EXECUTIONS = ['immediate', 'after_appeal_window'] as const;
export type AgreementExecution = (typeof AGREEMENT_EXECUTIONS)[number];

/** The default reading: both parties consented, so the consumer is paid at once (Taobao, PayPal). */
export const DEFAULT_AGREEMENT_EXECUTION = {
  value: 'immediate',
  clause: 'kumai §二 结果反馈',
} as const satisfies { value: AgreementExecution; clause: string };

/** A window rule. */
export const W = WindowRuleSchema;
/** An optional remedy: absent = not offered. */
export const R = RemedyRuleSchema.optional();
/** An optional exclusion: absent = not applied. */
export const X = ExclusionRuleSchema.optional();

/** Settings of every pack. */
export const commonSettings = {
  /** 民法典 Art. 203 for calendar-day windows that do not say otherwise. */
  extendPastHoliday: settingSchema(z.boolean()),
  recoveryDistribution: settingSchema(z.enum(RECOVERY_DISTRIBUTIONS)),
  // Defaulted so a version stored before the setting existed still parses (and reads as the default).
  agreementExecution: settingSchema(z.enum(AGREEMENT_EXECUTIONS)).default({ ...DEFAULT_AGREEMENT_EXECUTION }),
};

/** Fields of every pack. */
export const base = {
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
/** The out-of-scope exclusion of every pack. */
export const scopeExclusions = { outOfScope: X };

/** The no-reason-return exclusions (e-commerce, guarantee plan). */
export const noReasonExclusions = {
  noReasonMadeToOrder: X,
  noReasonPerishable: X,
  noReasonUnsealedDigital: X,
  noReasonPeriodicals: X,
  noReasonConfirmedAtPurchase: X,
  noReasonNotIntact: X,
};
