import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import type { PiiCrypto } from '../modules/privacy/pii-crypto.js';
import type { CalendarService } from '../modules/calendar/calendar-service.js';
import type { EvidenceStorage } from '../modules/evidence/index.js';
import type { Principal } from '../modules/accounts/principal.js';
import type { PaymentsRuntime } from '../modules/refunds/index.js';

/** Everything the HTTP layer needs from outside; tests pass their own (PGlite, fixed clock). */
export type AppDeps = {
  config: Config;
  database: Database;
  clock: Clock;
  pii: PiiCrypto;
  calendars: CalendarService;
  evidence: EvidenceStorage;
  /** The payment provider and Accord's callback URL; without it the callback route answers 503. */
  payments?: PaymentsRuntime;
};

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** How the principal authenticated; CSRF applies to cookie sessions only. */
    authVia: 'session' | 'api_key' | null;
  }
}

export function dbOf(request: FastifyRequest): Db {
  return request.server.deps.database.db;
}
