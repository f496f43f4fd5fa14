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
