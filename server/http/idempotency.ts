import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { canonicalJson } from '../lib/canonical-json.js';
import { principalId } from '../modules/accounts/principal.js';
import { DomainError } from './errors.js';
import { idempotencyKeys } from './idempotency.table.js';

const HEADER = 'idempotency-key';
// A claim left "in progress" by a crashed process may be taken over after this long.
const STALE_CLAIM_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { tenantId: string; principal: string; key: string } | null;
  }
}

function fingerprint(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}

/**
 * Idempotency-Key on every POST: the first completed response for (tenant, principal, key) is stored and
 * replayed to retries of the same request; a different request under a used key gets 422; a retry while the
 * first is still running gets 409. Responses ≥ 500 release the key so the client can retry. A body that fails
 * schema validation never reaches this hook, so nothing is stored for it (as Stripe does): the client may fix
 * the body and retry under the same key.
 */
async function idempotencyPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || key === undefined || !request.principal) return;
    // A multipart body is not parsed yet here, so its fingerprint would ignore the file: not honoured for uploads.
    if (request.isMultipart()) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainError('BAD_REQUEST', {
        userMessage: {
          zh: 'Idempotency-Key 格式不正确',
          en: 'Idempotency-Key must be 1–255 visible ASCII characters',
        },
      });
    }
    const db = app.deps.database.db;
    const now = app.deps.clock.now();
    const scope = { tenantId: request.principal.tenantId, principal: principalId(request.principal), key };
    const hash = fingerprint(request);
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ ...scope, requestHash: hash, state: 'in_progress', createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length > 0) {
      request.idempotency = scope;
      return;
    }
    const where = and(
      eq(idempotencyKeys.tenantId, scope.tenantId),
      eq(idempotencyKeys.principal, scope.principal),
      eq(idempotencyKeys.key, key),
    );
    const [existing] = await db.select().from(idempotencyKeys).where(where);
    if (!existing) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
    if (existing.requestHash !== hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
    if (existing.state === 'completed' && existing.statusCode !== null) {
      reply.header('idempotent-replayed', 'true');
      for (const [name, value] of Object.entries(existing.responseHeaders ?? {})) reply.header(name, value);
      return reply.status(existing.statusCode).send(existing.responseBody);
    }
    const stale = new Date(now.getTime() - STALE_CLAIM_MS);
    const taken = await db
      .update(idempotencyKeys)
      .set({ createdAt: now })
      .where(and(where, eq(idempotencyKeys.state, 'in_progress'), lt(idempotencyKeys.createdAt, stale)))
      .returning({ key: idempotencyKeys.key });
    if (taken.length === 0) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
    request.idempotency = scope;
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const scope = request.idempotency;
    if (!scope) return payload;
    request.idempotency = null;
    const db = app.deps.database.db;
    const where = and(
      eq(idempotencyKeys.tenantId, scope.tenantId),
      eq(idempotencyKeys.principal, scope.principal),
      eq(idempotencyKeys.key, scope.key),
    );
    if (reply.statusCode >= 500) {
      await db.delete(idempotencyKeys).where(where);
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string' && payload.length > 0) {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    const contentType = reply.getHeader('content-type');
    await db
      .update(idempotencyKeys)
      .set({
        state: 'completed',
        statusCode: reply.statusCode,
        responseBody: body,
        responseHeaders: typeof contentType === 'string' ? { 'content-type': contentType } : {},
        completedAt: app.deps.clock.now(),
      })
      .where(where);
    return payload;
  });
}

export const idempotency = fp(idempotencyPlugin, {
  name: 'accord-idempotency',
  dependencies: ['accord-auth'],
});
