import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { FixedClock } from '../lib/clock.js';
import { PiiCrypto } from '../modules/privacy/pii-crypto.js';
import { CalendarService } from '../modules/calendar/calendar-service.js';
import { MemoryEvidenceStorage } from '../modules/evidence/index.js';
import type { PaymentsRuntime } from '../modules/refunds/index.js';
import { createTestDatabase } from './db.js';
import { TEST_PASSWORD, buildTenant, type TestTenant } from './factories.js';

export type Session = { cookie: string; csrf: string };

/**
 * An app on a fresh database of `kind`, with a fixed clock and a throwaway PII key — or, with `alongside`, a
 * second app on that app's database, clock and key (another API process of the same deployment); closing it
 * leaves the database open.
 */
export async function createTestApp(
  kind: 'pglite' | 'postgres',
  options: {
    payments?: PaymentsRuntime;
    alongside?: { database: Database; clock: FixedClock; pii: PiiCrypto };
  } = {},
) {
  const { alongside, ...deps } = options;
  const database: Database = alongside?.database ?? (await createTestDatabase(kind));
  const clock = alongside?.clock ?? new FixedClock(new Date('2026-11-20T02:00:00Z'));
  const pii = alongside?.pii ?? new PiiCrypto([{ id: 't1', key: randomBytes(32) }]);
  const config = loadConfig({ NODE_ENV: 'test', ACCORD_DEMO: 'false', ACCORD_SESSION_TTL_HOURS: '720' }, []);
  const calendars = new CalendarService(database.db);
  const evidence = new MemoryEvidenceStorage();
  const app: FastifyInstance = await buildApp(
    { config, database, clock, pii, calendars, evidence, ...deps },
    { serveWeb: false },
  );
  await app.ready();

  /** Signs a user in through the real login route. */
  async function login(tenant: TestTenant, username: string): Promise<Session> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: tenant.slug, username, password: TEST_PASSWORD },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookies = res.cookies as { name: string; value: string }[];
    const session = cookies.find((c) => c.name === 'accord_session');
    const csrf = cookies.find((c) => c.name === 'accord_csrf');
    if (!session || !csrf) throw new Error('login set no cookies');
    return { cookie: `accord_session=${session.value}; accord_csrf=${csrf.value}`, csrf: csrf.value };
  }

  /** Request headers for a signed-in user (cookie + CSRF) or an integration key. */
  function as(who: Session | { apiKey: string }, extra: Record<string, string> = {}): Record<string, string> {
    if ('apiKey' in who) return { authorization: `Bearer ${who.apiKey}`, ...extra };
    return { cookie: who.cookie, 'x-csrf-token': who.csrf, ...extra };
  }

  return {
    app,
    database,
    db: database.db,
    clock,
    pii,
    calendars,
    evidence,
    login,
    as,
    tenant: () => buildTenant(database.db, pii, clock.now()),
    close: async () => {
      await app.close();
      if (!alongside) await database.close();
    },
  };
}

/** The parsed problem document of an error response, with a check that it is one. */
export function problem(res: LightMyRequestResponse): {
  code: string;
  status: number;
  title: string;
  detail: string;
  errors?: { path: string; code: string; message: string }[];
} {
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${String(res.headers['content-type'])}: ${res.body}`);
  }
  return res.json();
}
