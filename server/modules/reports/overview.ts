import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../../db/client.js';
import { addDays, startOfShanghaiDay, type IsoDate } from '../calendar/index.js';

/**
 * The supervisor's overview of a period: what came in (by day, category and channel), how the platform kept
 * its own deadlines, how cases ended and how long they took. Every figure is one SQL aggregate over the
 * tenant's rows; nothing is cached, so a report never disagrees with the cases it counts.
 *
 * A period is a range of Asia/Shanghai days, both ends included. Volumes count cases filed in it; outcomes and
 * handling times count cases that ended in it; SLA compliance counts platform deadlines settled in it.
 */

/** Handling-time buckets in hours (upper bounds, exclusive); the last bucket is open-ended. */
export const HANDLING_BUCKETS = [
  { key: 'lt_1d', below: 24 },
  { key: 'd1_3', below: 72 },
  { key: 'd3_7', below: 168 },
  { key: 'd7_15', below: 360 },
  { key: 'd15_30', below: 720 },
  { key: 'gte_30d', below: null },
] as const;

/** How a case that ended is counted among outcomes. */
export const OUTCOMES = [
  'agreement',
  'refund_agreed',
  'platform_decision',
  'revised_on_appeal',
  'closed_other',
  'withdrawn',
  'not_accepted',
  'closed_incomplete',
  'referred_out',
] as const;

const Count = z.object({ key: z.string(), count: z.number().int() });

export const OverviewSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({
    filed: z.number().int(),
    /** Of those filed in the period, how many are still open now. */
    open: z.number().int(),
    ended: z.number().int(),
    /** Platform deadlines settled in the period: on time vs breached (late or fired by the sweep). */
    slaMet: z.number().int(),
    slaBreached: z.number().int(),
    /** Hours from filing to the end, over cases that ended in the period (null when none did). */
    medianHandlingHours: z.number().nullable(),
    p90HandlingHours: z.number().nullable(),
  }),
  byDay: z.array(z.object({ date: z.string(), count: z.number().int() })),
  byCategory: z.array(Count),
  byChannel: z.array(Count),
  sla: z.array(z.object({ kind: z.string(), met: z.number().int(), breached: z.number().int() })),
  outcomes: z.array(Count),
  handlingTime: z.array(Count),
});
export type Overview = z.infer<typeof OverviewSchema>;

type Range = { tenantId: string; from: IsoDate; to: IsoDate };

const OUTCOME_SQL = sql`case
  when c.stage = 'closed' and c.details -> 'review' ->> 'outcome' = 'revised' then 'revised_on_appeal'
  when c.stage = 'closed' and c.details -> 'decision' ->> 'kind' = 'agreement' then 'agreement'
  when c.stage = 'closed' and c.details -> 'decision' ->> 'kind' = 'platform_decision' then 'platform_decision'
  when c.stage = 'closed' and c.kind = 'refund_request' then 'refund_agreed'
  when c.stage = 'closed' then 'closed_other'
  else c.stage end`;

const num = (v: unknown): number => Number(v ?? 0);

/** The overview of `from`..`to` (inclusive Shanghai days) for one tenant. */
export async function reportOverview(db: Db, { tenantId, from, to }: Range): Promise<Overview> {
  const start = startOfShanghaiDay(from).toISOString();
  const end = startOfShanghaiDay(addDays(to, 1)).toISOString();
  const filedIn = sql`c.tenant_id = ${tenantId} and c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz`;
  const endedIn = sql`c.tenant_id = ${tenantId} and not c.is_open and c.closed_at >= ${start}::timestamptz and c.closed_at < ${end}::timestamptz`;
  const hours = sql`extract(epoch from (c.closed_at - c.created_at)) / 3600.0`;

  const [totals, byDay, byCategory, byChannel, sla, outcomes, handling] = await Promise.all([
    queryRows<{ filed: unknown; open: unknown }>(
      db,
      sql`select count(*) as filed, count(*) filter (where c.is_open) as open from cases c where ${filedIn}`,
    ),
    queryRows<{ date: string; count: unknown }>(
      db,
      sql`select to_char((c.created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as date, count(*) as count
            from cases c where ${filedIn} group by 1 order by 1`,
    ),
    queryRows<{ key: string; count: unknown }>(
      db,
      sql`select c.category as key, count(*) as count from cases c where ${filedIn} group by 1 order by 2 desc, 1`,
    ),
    queryRows<{ key: string; count: unknown }>(
      db,
      sql`select c.channel as key, count(*) as count from cases c where ${filedIn} group by 1 order by 2 desc, 1`,
    ),
    queryRows<{ kind: string; met: unknown; breached: unknown }>(
      db,
      sql`select d.kind,
                 count(*) filter (where d.status = 'met' and d.settled_at <= d.due_at) as met,
                 count(*) filter (where d.status = 'breached' or (d.status = 'met' and d.settled_at > d.due_at)) as breached
            from deadlines d
           where d.tenant_id = ${tenantId} and d.subject_type = 'case' and d.owner = 'platform'
             and d.status in ('met', 'breached') and d.due_at is not null
             and d.settled_at >= ${start}::timestamptz and d.settled_at < ${end}::timestamptz
           group by 1 order by 1`,
    ),
    queryRows<{ key: string; count: unknown }>(
      db,
      sql`select ${OUTCOME_SQL} as key, count(*) as count from cases c where ${endedIn} group by 1 order by 2 desc, 1`,
    ),
    queryRows<{ bucket: unknown; count: unknown; median: unknown; p90: unknown }>(
      db,
      sql`select width_bucket(${hours}, array[${sql.join(
        HANDLING_BUCKETS.filter((b) => b.below !== null).map((b) => sql`${b.below}::float8`),
        sql`, `,
      )}]) as bucket, count(*) as count, null as median, null as p90
            from cases c where ${endedIn} group by 1
          union all
          select -1, count(*), percentile_cont(0.5) within group (order by ${hours}),
                 percentile_cont(0.9) within group (order by ${hours})
            from cases c where ${endedIn}`,
    ),
  ]);

  const summary = handling.find((r) => num(r.bucket) === -1);
  const perBucket = new Map(
    handling.filter((r) => num(r.bucket) >= 0).map((r) => [num(r.bucket), num(r.count)]),
  );
  const round1 = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  const slaRows = sla.map((r) => ({ kind: r.kind, met: num(r.met), breached: num(r.breached) }));
  return {
    from,
    to,
    totals: {
      filed: num(totals[0]?.filed),
      open: num(totals[0]?.open),
      ended: num(summary?.count),
      slaMet: slaRows.reduce((s, r) => s + r.met, 0),
      slaBreached: slaRows.reduce((s, r) => s + r.breached, 0),
      medianHandlingHours: round1(summary?.median),
      p90HandlingHours: round1(summary?.p90),
    },
    byDay: byDay.map((r) => ({ date: r.date, count: num(r.count) })),
    byCategory: byCategory.map((r) => ({ key: r.key, count: num(r.count) })),
    byChannel: byChannel.map((r) => ({ key: r.key, count: num(r.count) })),
    sla: slaRows,
    outcomes: outcomes.map((r) => ({ key: r.key, count: num(r.count) })),
    handlingTime: HANDLING_BUCKETS.map((b, i) => ({ key: b.key, count: perBucket.get(i) ?? 0 })),
  };
}
