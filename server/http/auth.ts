import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sha256Hex, safeEqual } from '../lib/tokens.js';
import {
  cachedApiKeyPrincipal,
  cachedSessionPrincipal,
  touchApiKey,
} from '../modules/accounts/accounts.repo.js';
import { decide, type Action } from '../modules/accounts/permissions.js';
import { roleOf, type Principal } from '../modules/accounts/principal.js';
import { DomainError } from './errors.js';

export const SESSION_COOKIE = 'accord_session';
export const CSRF_COOKIE = 'accord_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const TOUCH_EVERY_MS = 60_000;
const API_PREFIX = '/api/v1/';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answers anonymous callers too (sign-in, public calendar, signed provider callbacks): no 401 up front. */
    public?: boolean;
  }
}

function apiKeyFrom(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return undefined;
}

/**
 * Resolves the principal of every request (session cookie or API key) and enforces double-submit CSRF on
 * state-changing requests made with a session cookie. A request to an `/api/v1` route without a principal is
 * refused (401) right here, before its body is parsed or validated — an anonymous caller learns nothing about
 * a route's schema from a 400 — unless the route says `config: { public: true }` (sign-in, the public
 * calendar, the payment provider's signed callbacks). Routes still check what the principal may do with
 * `authorize`.
 */
async function authPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('principal', null);
  const touched = new Map<string, number>();
  app.decorateRequest('authVia', null);
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    await resolvePrincipal(request);
    if (!request.principal && mustAuthenticate(request)) throw new DomainError('UNAUTHENTICATED');
  });

  async function resolvePrincipal(request: FastifyRequest): Promise<void> {
    const { database, clock } = app.deps;
    const key = apiKeyFrom(request);
    if (key) {
      const principal = await cachedApiKeyPrincipal(database.db, sha256Hex(key));
      if (!principal) {
        throw new DomainError('UNAUTHENTICATED', {
          userMessage: { zh: 'API 密钥无效或已吊销', en: 'The API key is invalid or revoked' },
        });
      }
      request.principal = principal;
      request.authVia = 'api_key';
      if (principal.kind === 'api_key') {
        // `last_used_at` says whether a key is still in use, to the minute: one write per key and minute
        // and process, not one per request (an integration filing hundreds of cases a second).
        const now = clock.now();
        const last = touched.get(principal.keyId);
        if (last === undefined || now.getTime() - last >= TOUCH_EVERY_MS || now.getTime() < last) {
          touched.set(principal.keyId, now.getTime());
          if (touched.size > 10_000) touched.clear();
          await touchApiKey(database.db, principal.keyId, now);
        }
      }
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const principal = await cachedSessionPrincipal(database.db, sha256Hex(token), clock.now());
    if (!principal) return;
    request.principal = principal;
    request.authVia = 'session';
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      const expected = principal.kind === 'user' ? principal.sessionCsrf : null;
      if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) {
        throw new DomainError('CSRF_FAILED', {
          message: 'missing or wrong X-CSRF-Token header for a cookie-authenticated request',
        });
      }
    }
  }
}

/**
 * Whether the route needs a principal: every `/api/v1` route unless marked public. Unknown paths (404) and
 * the API documentation (`/api/docs`, `/api/openapi.json`) are not `/api/v1` routes.
 */
function mustAuthenticate(request: FastifyRequest): boolean {
  if (request.is404 || !request.routeOptions.url?.startsWith(API_PREFIX)) return false;
  return request.routeOptions.config.public !== true;
}

export const authentication = fp(authPlugin, { name: 'accord-auth', dependencies: ['@fastify/cookie'] });

/** The request's principal. @throws UNAUTHENTICATED */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new DomainError('UNAUTHENTICATED');
  return request.principal;
}

/**
 * The principal, if allowed to take `action` at all. For `own`-scoped grants the route must still filter or
 * check ownership (and answer 404, not 403, for somebody else's resource). @throws UNAUTHENTICATED, FORBIDDEN
 */
export function authorize(request: FastifyRequest, action: Action): Principal {
  const principal = requirePrincipal(request);
  const decision = decide(roleOf(principal), action);
  if (!decision.allow) throw new DomainError('FORBIDDEN', { message: decision.reason });
  return principal;
}
