import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../accounts/accounts.table.js';
import { cases } from '../cases/cases.table.js';
import type { JobHandler, JobRow } from '../jobs/jobs.js';
import { notices } from './notices.table.js';
import { caseStageNotice, deadlineNotice, type NoticeText } from './templates.js';

export type NoticeRow = typeof notices.$inferSelect;

type Recipient = { userId: string; audience: 'claimant' | 'respondent' | 'staff' };

async function recipientsOf(db: Db, c: typeof cases.$inferSelect, who: string[]): Promise<Recipient[]> {
  const out: Recipient[] = [];
  if (who.includes('claimant')) out.push({ userId: c.claimantId, audience: 'claimant' });
  if (who.includes('respondent')) {
    const members = await db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.tenantId, c.tenantId),
          eq(users.merchantId, c.respondentMerchantId),
          isNull(users.disabledAt),
        ),
      );
    out.push(...members.map((m) => ({ userId: m.id, audience: 'respondent' as const })));
  }
  if (who.includes('platform')) {
    if (c.assigneeId) out.push({ userId: c.assigneeId, audience: 'staff' });
    else {
      const supervisors = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, c.tenantId), eq(users.role, 'supervisor')));
      out.push(...supervisors.map((s) => ({ userId: s.id, audience: 'staff' as const })));
    }
  }
  return out;
}

/**
 * Writes inbox notices for one queued job. Safe to run twice (a worker died after writing): each notice's id
 * is derived from the job and the recipient, so a re-run inserts nothing new.
 */
async function deliverToInbox(
  db: Db,
  job: JobRow,
  caseId: string,
  who: string[],
  text: (audience: Recipient['audience']) => NoticeText,
  now: Date,
) {
  const [c] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.tenantId, job.tenantId), eq(cases.id, caseId)));
  if (!c) return { delivered: 0 };
  const recipients = await recipientsOf(db, c, who);
  if (recipients.length === 0) return { delivered: 0 };
  const rows = recipients.map((r) => {
    const t = text(r.audience);
    return {
      id: `ntc_${job.id}_${r.userId}`,
      tenantId: job.tenantId,
      caseId,
      recipientUserId: r.userId,
      channel: 'inbox',
      template: job.kind,
      title: t.title,
      body: t.body,
      status: 'sent',
      payload: job.payload,
      createdAt: now,
      sentAt: now,
    };
  });
  const inserted = await db.insert(notices).values(rows).onConflictDoNothing().returning({ id: notices.id });
  return { delivered: inserted.length };
}

/** Job handlers that turn case and deadline events into notices. */
export function noticeJobHandlers(db: Db, now: () => Date): Record<string, JobHandler> {
  return {
    'case.notify': async (job) => {
      const p = job.payload as { caseId: string; number: string; to: string; notify?: string[] };
      return deliverToInbox(
        db,
        job,
        p.caseId,
        p.notify ?? ['claimant', 'respondent'],
        (a) => caseStageNotice(p.number, p.to, a === 'respondent' ? 'respondent' : 'claimant'),
        now(),
      );
    },
    'deadline.warning': async (job) => deadlineJob(db, job, false, now()),
    'deadline.breached': async (job) => deadlineJob(db, job, true, now()),
  };
}

async function deadlineJob(db: Db, job: JobRow, breached: boolean, now: Date) {
  const p = job.payload as { subjectType: string; subjectId: string; kind: string; owner: string };
  if (p.subjectType !== 'case') return { delivered: 0 };
  const [c] = await db.select({ number: cases.number }).from(cases).where(eq(cases.id, p.subjectId));
  const who = p.owner === 'platform' ? ['platform'] : [p.owner];
  return deliverToInbox(
    db,
    job,
    p.subjectId,
    who,
    () => deadlineNotice(c?.number ?? p.subjectId, p.kind, breached),
    now,
  );
}

/** A user's inbox, newest first, with the unread count. */
export async function inboxOf(db: Db, tenantId: string, userId: string, limit: number) {
  const where = and(
    eq(notices.tenantId, tenantId),
    eq(notices.recipientUserId, userId),
    eq(notices.channel, 'inbox'),
  );
  const [items, [unread]] = await Promise.all([
    db.select().from(notices).where(where).orderBy(desc(notices.createdAt), desc(notices.id)).limit(limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(notices)
      .where(and(where, isNull(notices.readAt))),
  ]);
  return { items, unread: unread?.n ?? 0 };
}

/** Marks notices read (only the recipient's own). */
export async function markRead(
  db: Db,
  tenantId: string,
  userId: string,
  ids: string[],
  now: Date,
): Promise<number> {
  const done = await db
    .update(notices)
    .set({ readAt: now })
    .where(
      and(
        eq(notices.tenantId, tenantId),
        eq(notices.recipientUserId, userId),
        inArray(notices.id, ids),
        isNull(notices.readAt),
      ),
    )
    .returning({ id: notices.id });
  return done.length;
}
