import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../accounts/accounts.table.js';
import { cases } from '../cases/cases.table.js';
import type { JobHandler, JobRow } from '../jobs/jobs.js';
import { notices } from './notices.table.js';
import { caseStageMessage, caseStageNotice, deadlineNotice, type NoticeText } from './templates.js';
import { enqueueJobs } from '../jobs/jobs.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { maskAddress, type NoticeSenders } from './senders.js';

type CaseRow = typeof cases.$inferSelect;

export type NoticeRow = typeof notices.$inferSelect;

type Recipient = { userId: string; audience: 'claimant' | 'respondent' | 'staff' };

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

const OUTBOUND = ['email', 'sms'] as const;
type Outbound = (typeof OUTBOUND)[number];

/** The party's address for a channel, from their encrypted PII (null when they gave none). */
function addressOf(deps: NoticeDeps, u: typeof users.$inferSelect, channel: Outbound): string | null {
  return channel === 'email'
    ? deps.pii.decryptOptional(u.emailEnc, 'users.email')
    : deps.pii.decryptOptional(u.phoneEnc, 'users.phone');
}

/**
 * Queues email and SMS for the parties among `recipients` who have an address for the channel: a `notices`
 * row (status `queued`, the address masked) and a `notice.deliver` job each, in the caller's transaction.
 * Ids derive from the job, recipient and channel, so a re-run queues nothing twice.
 */
async function queueOutbound(
  tx: Db,
  job: JobRow,
  c: CaseRow,
  recipients: Recipient[],
  channels: string[],
  deps: NoticeDeps,
  message: (audience: 'claimant' | 'respondent', channel: Outbound) => { subject: string; text: string },
  now: Date,
): Promise<number> {
  const wanted = OUTBOUND.filter((ch) => channels.includes(ch) && deps.senders[ch] !== null);
  const parties = recipients.filter(
    (r): r is Recipient & { audience: 'claimant' | 'respondent' } => r.audience !== 'staff',
  );
  if (wanted.length === 0 || parties.length === 0) return 0;
  const people = await tx
    .select()
    .from(users)
    .where(
      and(
        eq(users.tenantId, job.tenantId),
        inArray(
          users.id,
          parties.map((r) => r.userId),
        ),
      ),
    );
  const rows: (typeof notices.$inferInsert)[] = [];
  for (const r of parties) {
    const u = people.find((p) => p.id === r.userId);
    for (const channel of u ? wanted : []) {
      const address = addressOf(deps, u!, channel);
      if (!address) continue;
      const m = message(r.audience, channel);
      rows.push({
        id: `ntc_${job.id}_${r.userId}_${channel}`,
        tenantId: job.tenantId,
        caseId: c.id,
        recipientUserId: r.userId,
        channel,
        template: job.kind,
        title: m.subject,
        body: m.text,
        status: 'queued',
        address: maskAddress(channel, address),
        attempts: 0,
        payload: job.payload,
        createdAt: now,
      });
    }
  }
  if (rows.length === 0) return 0;
  const inserted = await tx.insert(notices).values(rows).onConflictDoNothing().returning({ id: notices.id });
  await enqueueJobs(
    tx,
    inserted.map((n) => ({
      tenantId: job.tenantId,
      kind: 'notice.deliver',
      dedupeKey: `notice:${n.id}`,
      payload: { noticeId: n.id },
      runAt: now,
      maxAttempts: DELIVERY_ATTEMPTS,
    })),
    now,
  );
  return inserted.length;
}

/** Attempts per email or SMS before it is recorded as failed (backoff 10 s, 20 s, 40 s, 80 s, 160 s). */
export const DELIVERY_ATTEMPTS = 6;

/**
 * Sends one queued email or SMS through its sender and records the outcome on the notice: `sent` with the
 * sender's message id, or the error with the attempt count — `queued` again while the job will retry (it
 * throws, so the runner backs off), `failed` on the last attempt or when no address or sender is left.
 * At-least-once: a worker that dies between the send and the record sends again when the lease runs out.
 */
async function deliverOutboundNotice(db: Db, job: JobRow, deps: NoticeDeps, now: Date) {
  const { noticeId } = job.payload as { noticeId: string };
  const [n] = await db
    .select()
    .from(notices)
    .where(and(eq(notices.tenantId, job.tenantId), eq(notices.id, noticeId)));
  if (!n || n.status !== 'queued') return { skipped: n?.status ?? 'missing' };
  const channel = n.channel as Outbound;
  const mine = and(eq(notices.id, n.id), eq(notices.status, 'queued'));
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, job.tenantId), eq(users.id, n.recipientUserId)));
  const sender = deps.senders[channel];
  const address = u ? addressOf(deps, u, channel) : null;
  if (!sender || !address) {
    const error = sender
      ? 'the recipient has no address for this channel'
      : `no ${channel} sender configured`;
    await db.update(notices).set({ status: 'failed', attempts: job.attempts, lastError: error }).where(mine);
    return { failed: error };
  }
  try {
    // An SMS has no subject: its title column is empty and the whole text is the body.
    const sent = await sender.send({ to: address, subject: n.title, text: n.body });
    await db
      .update(notices)
      .set({
        status: 'sent',
        sentAt: now,
        attempts: job.attempts,
        lastError: null,
        providerRef: `${sender.name}:${sent.providerRef}`,
      })
      .where(mine);
    return { sent: sender.name };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await db
      .update(notices)
      .set({
        status: job.attempts >= job.maxAttempts ? 'failed' : 'queued',
        attempts: job.attempts,
        lastError: error.slice(0, 500),
      })
      .where(mine);
    throw err;
  }
}

/** What notice jobs need beyond the database: PII keys (to read addresses) and the outbound senders. */
export type NoticeDeps = { pii: PiiCrypto; senders: NoticeSenders };

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
      };
      const extra = p.expectedHandlingDays ? { expectedHandlingDays: p.expectedHandlingDays } : {};
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
          (a) => caseStageNotice(p.number, p.to, a === 'respondent' ? 'respondent' : 'claimant', extra),
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
