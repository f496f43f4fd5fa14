/** Every table of Accord, for Drizzle and drizzle-kit. Tables live in their modules; this file only gathers. */
export * from '../modules/tenants/tenants.table.js';
export * from '../modules/accounts/accounts.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/orders/orders.table.js';
export * from '../http/idempotency.table.js';
export * from '../modules/jobs/jobs.table.js';
export * from '../modules/deadlines/deadlines.table.js';
export * from '../modules/calendar/calendar.table.js';
export * from '../modules/cases/cases.table.js';
export * from '../modules/notices/notices.table.js';
export * from '../modules/ledger/ledger.table.js';
export * from '../modules/policy/policy.table.js';
export * from '../modules/settlement/settlement.table.js';
export * from '../modules/refunds/refunds.table.js';
