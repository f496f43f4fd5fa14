/** Roles of people who sign in (PRODUCT.md "Roles"). An integration API key acts as `integration`. */
export const USER_ROLES = [
  'consumer',
  'merchant',
  'agent',
  'handler',
  'reviewer',
  'supervisor',
  'admin',
] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type ActorRole = UserRole | 'integration';
export const ACTOR_ROLES: readonly ActorRole[] = [...USER_ROLES, 'integration'];

/** Staff of the platform (not a party to any case). */
export const STAFF_ROLES: readonly UserRole[] = ['agent', 'handler', 'reviewer', 'supervisor', 'admin'];

export function isStaffRole(role: string): boolean {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** Case-handling teams: cases route to one by category and scenario, handlers belong to one (PRODUCT.md routing). */
export const TEAMS = ['goods', 'virtual_goods', 'paid_services', 'tickets'] as const;
export type Team = (typeof TEAMS)[number];
