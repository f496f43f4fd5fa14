import { createHash } from 'node:crypto';
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isRetryableConflict } from '../../db/conflicts.js';
import { canonicalJson, toJsonValue } from '../../lib/canonical-json.js';
import { auditEvents, auditHeads, type ActorSnapshot } from './audit.table.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What a use case records about a state change. */
export type AuditInput = {
  tenantId: string;
  actor: ActorSnapshot;
  action: string;
  target: { type: string; id: string };
  caseId?: string | null;
  summary: Record<string, unknown>;
  partyVisible?: boolean;
  requestId?: string | null;
};

type HashedFields = {
  tenantId: string;
  seq: bigint;
  occurredAt: Date;
  actor: ActorSnapshot;
  action: string;
  targetType: string;
  targetId: string;
  caseId: string | null;
  summary: unknown;
  partyVisible: boolean;
  requestId: string | null;
};

/** sha256(prev ‖ canonical(fields)) — the link of the per-tenant chain. */
export function auditHash(prevHash: string, f: HashedFields): string {
  const { pre, post } = hashedAround(f);
  return createHash('sha256').update(prevHash).update('\n').update(`${pre}${f.seq}${post}`).digest('hex');
}

/**
 * The canonical JSON an event's hash covers, in two parts around its seq: canonical(fields) is
 * `pre ‖ seq ‖ post`. The database links appended events from these (migration 0025, `accord_append_audit`),
 * since only it knows the seq while the chain head is locked.
 */
function hashedAround(f: Omit<HashedFields, 'seq'>): { pre: string; post: string } {
  // canonicalJson of an array is `[` + its items' canonical JSON joined by `,` + `]`: the seq is a string item.
  const head = canonicalJson([f.tenantId]);
  const tail = canonicalJson([
    f.occurredAt.toISOString(),
    f.actor,
    f.action,
    f.targetType,
    f.targetId,
    f.caseId,
    f.summary,
    f.partyVisible,
    f.requestId,
  ]);
  return { pre: `${head.slice(0, -1)},"`, post: `",${tail.slice(1)}` };
}

/** An audit event to append, with when it happened. */
export type TimedAuditInput = { input: AuditInput; at: Date };

// Transactions opened with `transact` collect their audit events here and append them just before commit,
// so the tenant's chain-head lock is held for one batched insert instead of the whole transaction.
const deferred = new WeakMap<Db, TimedAuditInput[]>();

/**
 * Appends audit events to the tenant's chain inside the caller's transaction (so the record commits or rolls
 * back with the change it describes). In a transaction opened with `transact` they are batched and written at
 * its end; otherwise at once. Appends lock the tenant's chain head row, which keeps `seq` gap-free.
 */
export async function appendAudit(tx: Db, inputs: AuditInput | AuditInput[], now: Date): Promise<void> {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const buffer = deferred.get(tx);
  if (buffer) {
    for (const input of list) buffer.push({ input, at: now });
    return;
  }
  await writeAudit(
    tx,
    list.map((input) => ({ input, at: now })),
  );
}

/** Times an outermost transaction is tried when PostgreSQL picked it as a deadlock or serialization victim. */
export const TRANSACT_ATTEMPTS = 4;

/**
 * Runs `fn` in one transaction whose audit events are appended together just before it commits — the
 * transaction for use cases that write several events (intake, lifecycle actions, sweeps).
 *
 * `retryConflicts`: several processes share one PostgreSQL, and a use case may lock rows in an order another
 * cannot foresee (a case action posting two ledger entries, each locking its accounts in code order). When
 * PostgreSQL breaks a deadlock (40P01) or refuses a serialization (40001), the victim's work was rolled back
 * whole; with this option the outermost `transact` runs `fn` again after a short random pause. Only for an
 * `fn` that keeps all its effects inside the transaction and reads nothing it wrote outside it on an earlier
 * try (a use case filling an outer array as it goes, like intake's outcomes, must not use it). A nested call
 * (`db` already a transaction) leaves the retry to the outermost one. Without the option, or after the last
 * try, the error reaches the HTTP layer as 503 RETRY_LATER.
 */
export async function transact<T>(
  db: Db,
  fn: (tx: Db) => Promise<T>,
  options: { retryConflicts?: boolean } = {},
): Promise<T> {
  if (!options.retryConflicts || isTransaction(db)) return runTransaction(db, fn);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await runTransaction(db, fn);
    } catch (error) {
      if (attempt >= TRANSACT_ATTEMPTS || !isRetryableConflict(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

/** Drizzle's transaction objects can roll back; the root database cannot. */
function isTransaction(db: Db): boolean {
  return typeof (db as { rollback?: unknown }).rollback === 'function';
}

async function runTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const buffer: TimedAuditInput[] = [];
    deferred.set(tx, buffer);
    const result = await fn(tx);
    deferred.delete(tx);
    const tenants = [...new Set(buffer.map((b) => b.input.tenantId))].sort();
    for (const tenantId of tenants)
      await writeAudit(
        tx,
        buffer.filter((b) => b.input.tenantId === tenantId),
      );
    return result;
  });
}

async function writeAudit(tx: Db, items: TimedAuditInput[]): Promise<void> {
  const first = items[0];
  if (!first) return;
  await tx.execute(sql`select ${auditAppendSql(first.input.tenantId, items)}`);
}

/**
 * `accord_append_audit(tenant, events)` (migration 0025): ONE expression that locks the tenant's chain head,
 * appends `items` in order and moves the head, returning the new head's seq — for {@link writeAudit}, or to
 * embed in a statement that writes the change the events describe (intake's group commit).
 */
export function auditAppendSql(tenantId: string, items: TimedAuditInput[]): SQL {
  if (items.some((i) => i.input.tenantId !== tenantId)) throw new Error('appendAudit: one tenant per call');
  const events = items.map(({ input, at }) => {
    const fields = {
      tenantId,
      // Stored with millisecond precision, so hash the same value the database will give back.
      occurredAt: new Date(Math.floor(at.getTime())),
      actor: input.actor,
      action: input.action,
      targetType: input.target.type,
      targetId: input.target.id,
      caseId: input.caseId ?? null,
      summary: toJsonValue(input.summary),
      partyVisible: input.partyVisible ?? false,
      requestId: input.requestId ?? null,
    };
    const { pre, post } = hashedAround(fields);
    return {
      occurred_at: fields.occurredAt,
      actor: fields.actor,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      case_id: fields.caseId,
      summary: fields.summary,
      party_visible: fields.partyVisible,
      request_id: fields.requestId,
      hash_pre: pre,
      hash_post: post,
    };
  });
  return sql`accord_append_audit(${tenantId}, ${JSON.stringify(events)}::jsonb)`;
}

export type AuditProblem = { tenantId: string; seq: string; problem: string };
export type AuditVerifyResult = { ok: boolean; tenants: number; events: number; problems: AuditProblem[] };

/**
 * Walks every tenant's chain and recomputes each hash. Detects an edited row (hash mismatch), a deleted row
 * in the middle (seq gap / broken prev link) and rows deleted from the end (head ahead of the last row).
 */
export async function verifyAuditChain(
  db: Db,
  options: { tenantId?: string; onProgress?: (done: number) => void } = {},
): Promise<AuditVerifyResult> {
  const heads = await db
    .select()
    .from(auditHeads)
    .where(options.tenantId ? eq(auditHeads.tenantId, options.tenantId) : sql`true`);
  const problems: AuditProblem[] = [];
  let events = 0;
  for (const head of heads) {
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const batch = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, head.tenantId), gt(auditEvents.seq, expectedSeq - 1n)))
        .orderBy(asc(auditEvents.seq))
        .limit(2000);
      if (batch.length === 0) break;
      for (const row of batch) {
        const at = row.seq.toString();
        if (row.seq !== expectedSeq) {
          problems.push({
            tenantId: head.tenantId,
            seq: at,
            problem: `missing events ${expectedSeq}…${row.seq - 1n}`,
          });
        }
        if (row.prevHash !== prevHash) {
          problems.push({ tenantId: head.tenantId, seq: at, problem: 'previous-hash link broken' });
        }
        if (auditHash(row.prevHash, row) !== row.hash) {
          problems.push({
            tenantId: head.tenantId,
            seq: at,
            problem: 'content does not match its hash (edited)',
          });
        }
        prevHash = row.hash;
        expectedSeq = row.seq + 1n;
        events += 1;
      }
      options.onProgress?.(events);
    }
    if (expectedSeq - 1n !== head.lastSeq || prevHash !== head.lastHash) {
      problems.push({
        tenantId: head.tenantId,
        seq: head.lastSeq.toString(),
        problem: `chain ends at ${expectedSeq - 1n} but the head records ${head.lastSeq} (events deleted from the end)`,
      });
    }
  }
  return { ok: problems.length === 0, tenants: heads.length, events, problems };
}
