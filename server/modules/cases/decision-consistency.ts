import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../accounts/accounts.table.js';
import type { PolicyCheck } from './case-assessment.js';
import { cases } from './cases.table.js';

type Tally = { decisions: number; deviations: number };

/** How platform decisions measured up to the pack's recommendation: how often they deviated, by whom, where. */
export type ConsistencyReport = {
  decisions: number;
  deviations: number;
  /** Deviations per 1,000 decisions measured (0 when none). */
  deviationsPerMille: number;
  byDirection: Record<'more_for_claimant' | 'less_for_claimant' | 'different_outcome', number>;
  byDecider: (Tally & { userId: string | null; name: string | null })[];
  byCategory: (Tally & { category: string })[];
  recent: {
    caseId: string;
    number: string;
    category: string;
    decidedBy: string | null;
    direction: string;
    reason: string | null;
    decidedAt: string;
  }[];
};

/**
 * The consistency metric (issue #5) over the tenant's decisions that had a recommendation to measure against
 * (`details.policyCheck`, written by the decide action), decided in [from, to).
 */
export async function decisionConsistency(
  db: Db,
  tenantId: string,
  range: { from?: Date; to?: Date },
): Promise<ConsistencyReport> {
  const check = sql<PolicyCheck | null>`${cases.details}->'policyCheck'`;
  const decidedAt = sql`${cases.details}->'policyCheck'->>'decidedAt'`;
  const rows = (
    await db
      .select({
        id: cases.id,
        number: cases.number,
        category: cases.category,
        decidedBy: cases.decidedBy,
        check,
      })
      .from(cases)
      .where(
        and(
          eq(cases.tenantId, tenantId),
          isNotNull(check),
          // The range is applied by the database, so a report over one month of a years-old tenant reads
          // that month's decisions only.
          range.from ? sql`(${decidedAt})::timestamptz >= ${range.from.toISOString()}` : undefined,
          range.to ? sql`(${decidedAt})::timestamptz < ${range.to.toISOString()}` : undefined,
        ),
      )
  ).filter((r) => r.check !== null);
  const deciders = new Map<string | null, Tally>();
  const categories = new Map<string, Tally>();
  const byDirection = { more_for_claimant: 0, less_for_claimant: 0, different_outcome: 0 };
  const count = <K>(map: Map<K, Tally>, key: K, deviated: boolean) => {
    const t = map.get(key) ?? { decisions: 0, deviations: 0 };
    t.decisions += 1;
    if (deviated) t.deviations += 1;
    map.set(key, t);
  };
  for (const r of rows) {
    const deviated = r.check!.deviates;
    count(deciders, r.decidedBy, deviated);
    count(categories, r.category, deviated);
    if (deviated && r.check!.direction in byDirection) {
      byDirection[r.check!.direction as keyof typeof byDirection] += 1;
    }
  }
  const ids = [...deciders.keys()].filter((id): id is string => id !== null);
  const names = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .select({ id: users.id, name: users.displayName })
            .from(users)
            .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)))
        ).map((u) => [u.id, u.name]),
  );
  const deviations = rows.filter((r) => r.check!.deviates);
  const byRate = (a: Tally, b: Tally) => b.deviations - a.deviations || b.decisions - a.decisions;
  return {
    decisions: rows.length,
    deviations: deviations.length,
    deviationsPerMille: rows.length === 0 ? 0 : Math.round((deviations.length * 1000) / rows.length),
    byDirection,
    byDecider: [...deciders]
      .map(([userId, t]) => ({ userId, name: userId ? (names.get(userId) ?? null) : null, ...t }))
      .sort(byRate),
    byCategory: [...categories].map(([category, t]) => ({ category, ...t })).sort(byRate),
    recent: deviations
      .sort((a, b) => Date.parse(b.check!.decidedAt) - Date.parse(a.check!.decidedAt))
      .slice(0, 20)
      .map((r) => ({
        caseId: r.id,
        number: r.number,
        category: r.category,
        decidedBy: r.decidedBy,
        direction: r.check!.direction,
        reason: r.check!.reason,
        decidedAt: r.check!.decidedAt,
      })),
  };
}
