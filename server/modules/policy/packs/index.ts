import { parsePolicyPack } from '../pack-io.js';
import type { PackOf, PolicyPack } from '../policy.schema.js';
import { ECOMMERCE_LAW_PACK } from './ecommerce-law.js';
import { EVENT_TICKETS_PACK } from './event-tickets.js';
import { GUARANTEE_PLAN_PACK } from './guarantee-plan.js';
import { KOUBEI_VOUCHERS_PACK } from './koubei-vouchers.js';
import { LIVE_STREAMING_PACK } from './live-streaming.js';

// Parsed (and so validated) once at load: a built-in pack that breaks its schema fails the first import.
function parsed<K extends PolicyPack['kind']>(kind: K, input: unknown): PackOf<K> {
  const pack = parsePolicyPack(input);
  if (pack.kind !== kind) throw new Error(`built-in pack ${pack.id} is ${pack.kind}, expected ${kind}`);
  return pack as PackOf<K>;
}

/** E-commerce under the law (消法, 七日办法, 三包, 食品安全法). */
export const ecommerceLawPack = parsed('ecommerce', ECOMMERCE_LAW_PACK);
/** The PDD-style consumer guarantee plan (seed 004). */
export const guaranteePlanPack = parsed('guarantee_plan', GUARANTEE_PLAN_PACK);
/** Local-services vouchers (seed 002). */
export const koubeiVouchersPack = parsed('voucher', KOUBEI_VOUCHERS_PACK);
/** Event tickets (seed 000). */
export const eventTicketsPack = parsed('event_ticket', EVENT_TICKETS_PACK);
/** Live-streaming virtual goods and memberships (seed 001). */
export const liveStreamingPack = parsed('live_streaming', LIVE_STREAMING_PACK);

/** Every built-in pack, version 1 of each: the defaults a new tenant starts from. */
export const BUILT_IN_PACKS: readonly PolicyPack[] = [
  ecommerceLawPack,
  guaranteePlanPack,
  koubeiVouchersPack,
  eventTicketsPack,
  liveStreamingPack,
];
