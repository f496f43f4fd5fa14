import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../accounts/accounts.table.js';
import type { cases } from '../cases/cases.table.js';
import { enqueueJobs, type JobRow } from '../jobs/jobs.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { notices } from './notices.table.js';
import { maskAddress, type NoticeSenders } from './senders.js';

/**
 * Email and SMS through the outbox: queued beside the inbox notice, each delivered by its own job through
 * the channel's sender, with the outcome kept on the notice row (part of the case file).
 */

type CaseRow = typeof cases.$inferSelect;

/** Who a notice goes to, and as whom they read it. */
export type Recipient = { userId: string; audience: 'claimant' | 'respondent' | 'staff' };

/** The channels beside the inbox. */
export const OUTBOUND = ['email', 'sms'] as const;
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
export async function queueOutbound(
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
export async function deliverOutboundNotice(db: Db, job: JobRow, deps: NoticeDeps, now: Date) {
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
