/** The roles of PRODUCT.md; a user has exactly one. */
export const ROLES = ['consumer', 'merchant', 'agent', 'handler', 'reviewer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user as `/api/v1/auth/*` returns it. */
export type SessionUser = {
  id: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  username: string;
  displayName: string;
  role: Role;
  merchantId: string | null;
  merchantName: string | null;
  permissions: string[];
};

export type Session = { user: SessionUser; csrfToken: string };

/** A cursor page: pass `nextCursor` back as `cursor` until it is null. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * An order as the orders API lists it (the fields the UI uses; the API sends more). Amounts are integer
 * fen as strings. `scenario` is one of the server's SCENARIOS; `category` is the marketplace's own label.
 */
export type Order = {
  id: string;
  externalId: string;
  merchantId: string;
  merchantName: string | null;
  scenario: string;
  category: string;
  title: string;
  totalFen: string;
  /** What is still refundable (total minus refunded): the ceiling of a refund request. */
  refundableFen: string;
  refundedFen: string;
  paidAt: string;
  signedAt: string | null;
  status: string;
};
