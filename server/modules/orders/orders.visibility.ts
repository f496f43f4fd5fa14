import { decide, grantFor } from '../accounts/permissions.js';
import { roleOf, type Principal } from '../accounts/principal.js';
import type { OrderFilter } from './orders.repo.js';

/** Is the principal a party to this order (its buyer or its merchant)? */
export function isPartyToOrder(
  p: Principal,
  order: { buyerExternalId: string; merchantId: string },
): boolean {
  if (p.kind !== 'user') return false;
  if (p.role === 'consumer') return p.externalId !== null && p.externalId === order.buyerExternalId;
  if (p.role === 'merchant') return p.merchantId !== null && p.merchantId === order.merchantId;
  return false;
}

/** May the principal see this order? Callers answer 404 when not, so existence does not leak. */
export function canSeeOrder(p: Principal, order: { buyerExternalId: string; merchantId: string }): boolean {
  return decide(roleOf(p), 'order:read', isPartyToOrder(p, order)).allow;
}

/**
 * The filter that limits a list to what the principal may see; `null` means nothing at all. Staff and
 * integrations see the whole tenant and may narrow it with `requested`.
 */
export function orderListScope(p: Principal, requested: OrderFilter): OrderFilter | null {
  const grant = grantFor(roleOf(p), 'order:read');
  if (grant === 'all') return requested;
  if (grant === 'none' || p.kind !== 'user') return null;
  if (p.role === 'consumer') return p.externalId ? { ...requested, buyerExternalId: p.externalId } : null;
  if (p.role === 'merchant') return p.merchantId ? { ...requested, merchantId: p.merchantId } : null;
  return null;
}
