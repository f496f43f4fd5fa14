import { z } from 'zod';
import type { PackKind } from './pack-base.schema.js';
import { checkPackReferences } from './pack-references.js';
import { EcommercePackSchema, GuaranteePlanPackSchema } from './retail-packs.schema.js';
import { EventTicketPackSchema, LiveStreamingPackSchema, VoucherPackSchema } from './service-packs.schema.js';

export {
  AGREEMENT_EXECUTIONS,
  ORDER_SCOPES,
  PACK_SCENARIOS,
  RECOVERY_DISTRIBUTIONS,
  type AgreementExecution,
  type OrderScope,
  type PackKind,
  type RecoveryDistribution,
} from './pack-base.schema.js';

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
