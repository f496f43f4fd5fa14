import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';
import { appendAudit, transact } from '../audit/index.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { backoffMs, enqueueJobs } from '../jobs/jobs.js';
import { claimDueDeadlines, insertDeadlineEvents, type DeadlineRow } from './deadlines.repo.js';
import { deadlines } from './deadlines.table.js';
import type { BreachAction } from './manage-deadlines.js';

/**
 * What a subject's module does, inside the firing transaction, when its deadline passes. Throwing rolls the
 * firing back and retries it later with backoff: the effect and the breach record commit together or not at all.
 */
export type BreachHooks = Partial<
  Record<BreachAction, (tx: Db, breached: DeadlineRow[], now: Date) => Promise<void>>
>;

export type SweepResult = { warned: number; breached: number; failed: number; lagMs: number[] };

/**
 * Fires every deadline whose next look is due: gives the warning or records the breach, queues the notice job
 * and runs the module's hook, all in one transaction per batch. Rows are claimed with FOR UPDATE SKIP LOCKED,
 * and each firing has a unique key (deadline, kind, due time), so concurrent sweepers, retries and restarts
 * fire each deadline exactly once. A batch that fails is retried row by row so one bad row cannot hold the
 * others back; the bad row is retried with backoff and its failure recorded.
 */
export async function sweepDeadlines(
  db: Db,
  opts: { now: () => Date; batchSize?: number; maxBatches?: number; hooks?: BreachHooks },
): Promise<SweepResult> {
  const batchSize = opts.batchSize ?? 500;
  const result: SweepResult = { warned: 0, breached: 0, failed: 0, lagMs: [] };
  for (let i = 0; i < (opts.maxBatches ?? 1_000); i++) {
    const now = opts.now();
    let claimedCount = 0;
    let failedIds: string[] = [];
    try {
      await transact(db, async (tx) => {
        const claimed = await claimDueDeadlines(tx, now, batchSize);
        claimedCount = claimed.length;
        failedIds = claimed.map((d) => d.id);
        add(result, await fire(tx, claimed, now, opts.hooks ?? {}));
      });
      failedIds = [];
    } catch {
      for (const id of failedIds) add(result, await fireOne(db, id, opts.now(), opts.hooks ?? {}));
    }
    if (claimedCount < batchSize) break;
  }
  return result;
}

function add(into: SweepResult, r: SweepResult) {
  into.warned += r.warned;
  into.breached += r.breached;
  into.failed += r.failed;
  into.lagMs.push(...r.lagMs);
}

async function fireOne(db: Db, id: string, now: Date, hooks: BreachHooks): Promise<SweepResult> {
  try {
    return await transact(db, async (tx) => {
      const rows = {
        rows: await queryRows<{ id: string }>(
          tx,
          sql`select id from deadlines where id = ${id} and status = 'pending' and next_fire_at <= ${now} for update skip locked`,
        ),
      };
      if (rows.rows.length === 0) return { warned: 0, breached: 0, failed: 0, lagMs: [] };
      const [d] = await tx.select().from(deadlines).where(eq(deadlines.id, id));
      return fire(tx, d ? [d] : [], now, hooks);
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await transact(db, async (tx) => {
      const [current] = await tx
        .select()
        .from(deadlines)
        .where(and(eq(deadlines.id, id), eq(deadlines.status, 'pending')))
        .for('update');
      if (!current) return;
      const attempts = current.attempts + 1;
      const [d] = (await tx
        .update(deadlines)
        .set({
          attempts,
          lastError: message.slice(0, 2000),
          nextFireAt: new Date(now.getTime() + backoffMs(attempts)),
          updatedAt: now,
        })
        .where(eq(deadlines.id, id))
        .returning()) as [DeadlineRow];
      await insertDeadlineEvents(tx, [
        { d, kind: 'fire_failed', at: now, details: { error: message.slice(0, 500), attempt: attempts } },
      ]);
    });
    return { warned: 0, breached: 0, failed: 1, lagMs: [] };
  }
}

async function fire(tx: Db, rows: DeadlineRow[], now: Date, hooks: BreachHooks): Promise<SweepResult> {
  const breached = rows.filter((d) => d.dueAt !== null && d.dueAt <= now);
  const warned = rows.filter((d) => d.dueAt !== null && d.dueAt > now && !d.warnedAt);
  const fresh = await insertDeadlineEvents(tx, [
    ...warned.map((d) => ({ d, kind: 'warned' as const, at: now, details: { dueAt: d.dueAt } })),
    ...breached.map((d) => ({
      d,
      kind: 'breached' as const,
      at: now,
      details: { lagMs: now.getTime() - d.dueAt!.getTime(), onBreach: d.onBreach },
    })),
  ]);
  if (warned.length > 0) {
    await tx
      .update(deadlines)
      .set({ warnedAt: now, nextFireAt: sql`${deadlines.dueAt}`, updatedAt: now })
      .where(
        inArray(
          deadlines.id,
          warned.map((d) => d.id),
        ),
      );
  }
  if (breached.length > 0) {
    await tx
      .update(deadlines)
      .set({ status: 'breached', settledAt: now, nextFireAt: null, updatedAt: now })
      .where(
        inArray(
          deadlines.id,
          breached.map((d) => d.id),
        ),
      );
  }
  const firstTime = (d: DeadlineRow) => fresh.has(d.id);
  const payload = (d: DeadlineRow) => ({
    deadlineId: d.id,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    kind: d.kind,
    owner: d.owner,
    clause: d.clause,
    onBreach: d.onBreach,
    dueAt: d.dueAt,
  });
  await enqueueJobs(
    tx,
    [
      ...warned.filter(firstTime).map((d) => ({
        tenantId: d.tenantId,
        kind: 'deadline.warning',
        dedupeKey: `deadline:${d.id}:warned:${d.dueAt!.toISOString()}`,
        payload: payload(d),
        runAt: now,
      })),
      ...breached.filter(firstTime).map((d) => ({
        tenantId: d.tenantId,
        kind: 'deadline.breached',
        dedupeKey: `deadline:${d.id}:breached:${d.dueAt!.toISOString()}`,
        payload: payload(d),
        runAt: now,
      })),
    ],
    now,
  );
  const byAction = new Map<BreachAction, DeadlineRow[]>();
  for (const d of breached.filter(firstTime)) {
    const action = d.onBreach as BreachAction;
    byAction.set(action, [...(byAction.get(action) ?? []), d]);
  }
  for (const [action, list] of byAction) await hooks[action]?.(tx, list, now);
  await auditFirings(tx, [...warned, ...breached].filter(firstTime), now);
  return {
    warned: warned.length,
    breached: breached.length,
    failed: 0,
    lagMs: breached.map((d) => now.getTime() - d.dueAt!.getTime()),
  };
}

async function auditFirings(tx: Db, rows: DeadlineRow[], now: Date) {
  const byTenant = new Map<string, DeadlineRow[]>();
  for (const d of rows) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d]);
  for (const [tenantId, list] of byTenant) {
    await appendAudit(
      tx,
      list.map((d) => {
        const breach = d.dueAt !== null && d.dueAt <= now;
        return {
          tenantId,
          actor: SYSTEM_ACTOR,
          action: breach ? 'deadline.breached' : 'deadline.warned',
          target: { type: 'deadline', id: d.id },
          caseId: d.subjectType === 'case' ? d.subjectId : null,
          summary: {
            kind: d.kind,
            owner: d.owner,
            clause: d.clause,
            dueAt: d.dueAt,
            onBreach: breach ? d.onBreach : undefined,
          },
          partyVisible: d.owner !== 'platform',
        };
      }),
      now,
    );
  }
}
