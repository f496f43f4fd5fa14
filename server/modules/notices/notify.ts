import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../accounts/accounts.table.js';
import { cases } from '../cases/cases.table.js';
import type { JobHandler, JobRow } from '../jobs/jobs.js';
import { notices } from './notices.table.js';
import {
  caseStageMessage,
  caseStageNotice,
  deadlineNotice,
  supervisionNotice,
  type NoticeText,
} from './templates.js';
import {
  OUTBOUND,
  deliverOutboundNotice,
  queueOutbound,
  type NoticeDeps,
  type Recipient,
} from './deliver-outbound.js';

export { DELIVERY_ATTEMPTS, type NoticeDeps } from './deliver-outbound.js';

type CaseRow = typeof cases.$inferSelect;

export type NoticeRow = typeof notices.$inferSelect;

async function recipientsOf(db: Db, c: CaseRow, who: string[]): Promise<Recipient[]> {
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
  // `platform`: whoever handles the case, else the supervisors. `supervisors`: always them — a complaint about
  // how a case is handled (supervision) must not land with the handler it is about.
  const toSupervisors = who.includes('supervisors') || (who.includes('platform') && !c.assigneeId);
  if (who.includes('platform') && c.assigneeId) out.push({ userId: c.assigneeId, audience: 'staff' });
  if (toSupervisors) {
    const supervisors = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, c.tenantId), eq(users.role, 'supervisor'), isNull(users.disabledAt)));
    out.push(...supervisors.map((s) => ({ userId: s.id, audience: 'staff' as const })));
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
  c: CaseRow,
  recipients: Recipient[],
  text: (audience: Recipient['audience']) => NoticeText,
  now: Date,
) {
  if (recipients.length === 0) return { delivered: 0 };
  const rows = recipients.map((r) => {
    const t = text(r.audience);
    return {
      id: `ntc_${job.id}_${r.userId}`,
      tenantId: job.tenantId,
      caseId: c.id,
      recipientUserId: r.userId,
      channel: 'inbox',
      template: job.kind,
      title: t.title,
      body: t.body,
      titleEn: t.en.title,
      bodyEn: t.en.body,
      status: 'sent',
      attempts: 1,
      payload: job.payload,
      createdAt: now,
      sentAt: now,
    };
  });
  const inserted = await db.insert(notices).values(rows).onConflictDoNothing().returning({ id: notices.id });
  return { delivered: inserted.length };
}

async function findCaseOf(db: Db, tenantId: string, caseId: string): Promise<CaseRow | undefined> {
  const [c] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
  return c;
}

/** Job handlers that turn case and deadline events into notices. */
export function noticeJobHandlers(db: Db, now: () => Date, deps: NoticeDeps): Record<string, JobHandler> {
  return {
    'case.notify': async (job) => {
      const p = job.payload as {
        caseId: string;
        number: string;
        to: string;
        notify?: string[];
        channels?: string[];
        expectedHandlingDays?: number;
        agreement?: boolean;
        template?: 'supervision';
      };
      const extra = {
        ...(p.expectedHandlingDays ? { expectedHandlingDays: p.expectedHandlingDays } : {}),
        ...(p.agreement ? { agreement: true } : {}),
      };
      return db.transaction(async (tx) => {
        const c = await findCaseOf(tx, job.tenantId, p.caseId);
        if (!c) return { delivered: 0 };
        const at = now();
        const recipients = await recipientsOf(tx, c, p.notify ?? ['claimant', 'respondent']);
        const inbox = await deliverToInbox(
          tx,
          job,
          c,
          recipients,
          (a) =>
            p.template === 'supervision'
              ? supervisionNotice(p.number)
              : caseStageNotice(p.number, p.to, a === 'respondent' ? 'respondent' : 'claimant', extra),
          at,
        );
        const queued = await queueOutbound(
          tx,
          job,
          c,
          recipients,
          p.channels ?? ['inbox', ...OUTBOUND],
          deps,
          (audience, channel) => caseStageMessage(p.number, p.to, audience, channel, extra),
          at,
        );
        return { ...inbox, queued };
      });
    },
    'notice.deliver': async (job) => deliverOutboundNotice(db, job, deps, now()),
    'deadline.warning': async (job) => deadlineJob(db, job, false, now()),
    'deadline.breached': async (job) => deadlineJob(db, job, true, now()),
  };
}

async function deadlineJob(db: Db, job: JobRow, breached: boolean, now: Date) {
  const p = job.payload as { subjectType: string; subjectId: string; kind: string; owner: string };
  if (p.subjectType !== 'case') return { delivered: 0 };
  const c = await findCaseOf(db, job.tenantId, p.subjectId);
  if (!c) return { delivered: 0 };
  const recipients = await recipientsOf(db, c, p.owner === 'platform' ? ['platform'] : [p.owner]);
  return deliverToInbox(db, job, c, recipients, () => deadlineNotice(c.number, p.kind, breached), now);
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

/** Every notice of a case — inbox, email and SMS, with their delivery status — oldest first (the case file). */
export async function caseNotices(db: Db, tenantId: string, caseId: string): Promise<NoticeRow[]> {
  return db
    .select()
    .from(notices)
    .where(and(eq(notices.tenantId, tenantId), eq(notices.caseId, caseId)))
    .orderBy(asc(notices.createdAt), asc(notices.id));
}
