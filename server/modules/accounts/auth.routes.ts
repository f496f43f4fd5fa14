import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE, requirePrincipal } from '../../http/auth.js';
import { DomainError } from '../../http/errors.js';
import { findMerchantName, findTenant, findUser, type TenantRow, type UserRow } from './accounts.repo.js';
import { login, logout } from './login.js';
import { permissionsOf } from './permissions.js';

const LoginBodySchema = z
  .object({
    tenant: z.string().trim().min(1).max(64),
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(200),
  })
  .strict();

export const SessionUserSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantSlug: z.string(),
  tenantName: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  merchantId: z.string().nullable(),
  merchantName: z.string().nullable(),
  permissions: z.array(z.string()),
});
const SessionSchema = z.object({ user: SessionUserSchema, csrfToken: z.string() });

function presentSessionUser(user: UserRow, tenant: TenantRow, merchantName: string | null) {
  return {
    id: user.id,
    tenantId: tenant.id,
    tenantSlug: tenant.slug,
    tenantName: tenant.name,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    merchantId: user.merchantId,
    merchantName,
    permissions: permissionsOf(user.role as Parameters<typeof permissionsOf>[0]),
  };
}

/** Web sign-in: POST /auth/login, GET /auth/me, POST /auth/logout. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { config, database, clock } = app.deps;
  const cookieBase = { path: '/', secure: config.secureCookies };

  r.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a password',
        body: LoginBodySchema,
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const result = await login(database.db, request.body, {
        now: clock.now(),
        ttlHours: config.sessionTtlHours,
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        ...cookieBase,
        httpOnly: true,
        sameSite: 'lax',
        expires: result.expiresAt,
      });
      reply.setCookie(CSRF_COOKIE, result.csrfToken, {
        ...cookieBase,
        httpOnly: false,
        sameSite: 'strict',
        expires: result.expiresAt,
      });
      const merchantName = await findMerchantName(database.db, result.tenant.id, result.user.merchantId);
      return {
        user: presentSessionUser(result.user, result.tenant, merchantName),
        csrfToken: result.csrfToken,
      };
    },
  );

  r.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: SessionSchema } } },
    async (request) => {
      const principal = requirePrincipal(request);
      if (principal.kind !== 'user') {
        throw new DomainError('FORBIDDEN', {
          message: '/auth/me describes web sessions; API keys have none',
        });
      }
      const [user, tenant] = await Promise.all([
        findUser(database.db, principal.tenantId, principal.userId),
        findTenant(database.db, principal.tenantId),
      ]);
      if (!user || !tenant) throw new Error('session points at a missing user or tenant');
      const merchantName = await findMerchantName(database.db, tenant.id, user.merchantId);
      return { user: presentSessionUser(user, tenant, merchantName), csrfToken: principal.sessionCsrf ?? '' };
    },
  );

  r.post(
    '/auth/logout',
    {
      // Signing out without a (live) session still clears the cookies.
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(database.db, token, { now: clock.now(), requestId: request.id });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
