import type { FastifyInstance } from 'fastify';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { authRoutes } from './modules/accounts/auth.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { assessmentRoutes } from './modules/cases/assessment.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { evidenceRoutes } from './modules/cases/evidence.routes.js';
import { noticesRoutes } from './modules/notices/notices.routes.js';
import { calendarAdminRoutes } from './modules/calendar/calendar-admin.routes.js';
import { calendarRoutes } from './modules/calendar/index.js';
import { ordersRoutes } from './modules/orders/orders.routes.js';
import { policyRoutes } from './modules/policy/policy.routes.js';
import { merchantsRoutes } from './modules/tenants/merchants.routes.js';
import { settlementRoutes } from './modules/settlement/settlement.routes.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { refundsRoutes } from './modules/refunds/refunds.routes.js';
import { massRefundsRoutes } from './modules/refunds/mass-refunds.routes.js';
import { caseMoneyRoutes } from './modules/cases/case-money.routes.js';
import { standingRoutes } from './modules/cases/standing.routes.js';

/** Every /api/v1 route. Each module contributes a plugin; this file only lists them. */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes);
  await app.register(accountsRoutes);
  await app.register(merchantsRoutes);
  await app.register(ordersRoutes);
  await app.register(auditRoutes);
  await app.register(casesRoutes);
  await app.register(assessmentRoutes);
  await app.register(evidenceRoutes);
  await app.register(noticesRoutes);
  await app.register(policyRoutes);
  await app.register(settlementRoutes);
  await app.register(reportsRoutes);
  await app.register(caseMoneyRoutes);
  await app.register(standingRoutes);
  await app.register(massRefundsRoutes);
  await app.register(refundsRoutes);
  const { calendars } = app.deps;
  await app.register(calendarRoutes, { getCalendar: (tenantId) => calendars.forTenant(tenantId) });
  await app.register(calendarAdminRoutes, { calendars });
}
