import { api } from './client';
import type { Order, Page } from './types';

/** One page of the orders the signed-in user may see (own, own merchant's, or all for staff). */
export function listOrders(params: { limit?: number; cursor?: string | null }, signal?: AbortSignal) {
  return api.get<Page<Order>>('/api/v1/orders', { limit: params.limit ?? 20, cursor: params.cursor }, signal);
}

/** One order. @throws ApiError NOT_FOUND (also for someone else's order) */
export function getOrder(id: string, signal?: AbortSignal) {
  return api.get<Order>(`/api/v1/orders/${encodeURIComponent(id)}`, undefined, signal);
}
