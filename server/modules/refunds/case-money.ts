import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { FenSchema } from '../../../common/money.js';
import type { Db } from '../../db/client.js';
import { accountLabel, journalEntries, ledgerAccounts, postings } from '../ledger/index.js';
import { compensations, recoveryClaims } from '../settlement/settlement.table.js';
import { listCaseInstructions, listEvents } from './refunds.repo.js';

const Localized = z.object({ zh: z.string(), en: z.string() });

const STATUS_LABELS: Record<string, { zh: string; en: string }> = {
  pending: { zh: '待发送', en: 'queued' },
  sent: { zh: '退款处理中', en: 'with the payment provider' },
  retrying: { zh: '重试中', en: 'retrying' },
  succeeded: { zh: '已退回原支付账户', en: 'refunded to the original payment' },
  failed: { zh: '退款失败', en: 'failed' },
};

/** How the money reaches the consumer, and why that way. */
const ROUTE_LABELS = {
  original_payment: { zh: '原路退回', en: 'back along the original payment' },
  balance_transfer: {
    zh: '超出实付金额的赔偿，打款到账户余额',
    en: 'compensation beyond the price paid, transferred to the account balance',
  },
} as const;

const TRANSFER_SUCCEEDED = { zh: '已打款到账户余额', en: 'transferred to the account balance' };

const PAYER_LABELS: Record<string, { zh: string; en: string }> = {
  respondent: { zh: '商家', en: 'the merchant' },
  platform: { zh: '平台', en: 'the platform' },
  guarantee_fund: { zh: '消费者保障基金', en: 'the guarantee fund' },
};

/** The money of one case as its viewer may see it: who pays the consumer how much, why, when, and where it stands. */
export const CaseMoneySchema = z.object({
  caseId: z.string(),
  currency: z.literal('CNY'),
  totals: z.object({
    instructedFen: FenSchema,
    /** Paid to the consumer: `refundedFen` + `compensatedFen`. */
    paidFen: FenSchema,
    /** Paid back along the original payment (refunds that succeeded). */
    refundedFen: FenSchema,
    /** Compensation beyond the price, transferred to the consumer's balance (transfers that succeeded). */
    compensatedFen: FenSchema,
    inFlightFen: FenSchema,
    failedFen: FenSchema,
  }),
  refunds: z.array(
    z.object({
      id: z.string(),
      remedy: z.string(),
      amountFen: FenSchema,
      payer: z.string(),
      payerLabel: Localized,
      to: z.literal('claimant'),
      /** A refund along the original route, or a transfer of compensation beyond the price paid. */
      kind: z.enum(['refund', 'transfer']),
      route: z.enum(['original_payment', 'balance_transfer']),
      routeLabel: Localized,
      status: z.enum(['pending', 'sent', 'retrying', 'succeeded', 'failed']),
      statusLabel: Localized,
      failureCode: z.string().nullable(),
      attempts: z.number().int(),
      createdAt: z.string(),
      settledAt: z.string().nullable(),
      history: z.array(z.object({ at: z.string(), status: z.string(), source: z.string() })),
      /** Staff only. */
      internal: z
        .object({
          fundedFrom: z.string(),
          providerRef: z.string().nullable(),
          idempotencyKey: z.string(),
          nextAttemptAt: z.string().nullable(),
          anomaly: z.string().nullable(),
        })
        .optional(),
    }),
  ),
  /**
   * What the merchant's money could not cover directly and was drawn on it instead: its deposit (保证金), and
   * the guarantee fund's advance (先行赔付) with the recovery claim it opened against the merchant.
   */
  charges: z.array(
    z.object({
      id: z.string(),
      amountFen: FenSchema,
      fromDepositFen: FenSchema,
      fromFundFen: FenSchema,
      label: Localized,
      claim: z.object({ id: z.string(), status: z.string(), recoveredFen: FenSchema }).nullable(),
      createdAt: z.string(),
    }),
  ),
  /** Staff only: the case's journal entries. */
  ledger: z
    .array(
      z.object({
        id: z.string(),
        at: z.string(),
        kind: z.string(),
        memo: z.string(),
        lines: z.array(z.object({ account: z.string(), label: Localized, amountFen: FenSchema })),
      }),
    )
    .optional(),
});
export type CaseMoney = z.infer<typeof CaseMoneySchema>;

async function caseLedger(db: Db, tenantId: string, caseId: string) {
  const entries = await db
    .select()
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), eq(journalEntries.caseId, caseId)))
    .orderBy(asc(journalEntries.occurredAt), asc(journalEntries.id));
  if (entries.length === 0) return [];
  const lines = await db
    .select({ entryId: postings.entryId, code: ledgerAccounts.code, amountFen: postings.amountFen })
    .from(postings)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, postings.accountId))
    .where(
      inArray(
        postings.entryId,
        entries.map((e) => e.id),
      ),
    )
    .orderBy(asc(postings.id));
  // Postings are numbered as they are written, so their order is the order the entries were posted in
  // (entries written in the same millisecond have no other order).
  const firstPosting = new Map<string, number>();
  for (const [i, l] of lines.entries()) if (!firstPosting.has(l.entryId)) firstPosting.set(l.entryId, i);
  entries.sort((a, b) => (firstPosting.get(a.id) ?? 0) - (firstPosting.get(b.id) ?? 0));
  return entries.map((e) => ({
    id: e.id,
    at: e.occurredAt.toISOString(),
    kind: e.kind,
    memo: e.memo,
    lines: lines
      .filter((l) => l.entryId === e.id)
      .map((l) => ({ account: l.code, label: accountLabel(l.code), amountFen: l.amountFen.toString() })),
  }));
}

/** The draws on the merchant's deposit and the fund's advances for this case, oldest first. */
async function caseCharges(db: Db, tenantId: string, caseId: string): Promise<CaseMoney['charges']> {
  const rows = await db
    .select({ c: compensations, claim: recoveryClaims })
    .from(compensations)
    .leftJoin(recoveryClaims, eq(recoveryClaims.compensationId, compensations.id))
    .where(and(eq(compensations.tenantId, tenantId), eq(compensations.caseId, caseId)))
    .orderBy(asc(compensations.createdAt), asc(compensations.id));
  return rows.map(({ c, claim }) => ({
    id: c.id,
    amountFen: c.amountFen.toString(),
    fromDepositFen: c.fromDepositFen.toString(),
    fromFundFen: c.fromFundFen.toString(),
    label:
      c.fromFundFen > 0n
        ? {
            zh: '由商家保证金支付，不足部分由消费者保障基金先行垫付，并向商家追偿',
            en: "Paid from the merchant's deposit; the guarantee fund advanced the rest and claims it back from the merchant",
          }
        : {
            zh: '由商家保证金支付',
            en: "Paid from the merchant's deposit",
          },
    claim: claim ? { id: claim.id, status: claim.status, recoveredFen: claim.recoveredFen.toString() } : null,
    createdAt: c.createdAt.toISOString(),
  }));
}

/** Loads a case's money. Parties see their refunds and history; staff also see accounts, keys and the ledger. */
export async function loadCaseMoney(
  db: Db,
  c: { tenantId: string; id: string },
  audience: 'party' | 'staff',
): Promise<CaseMoney> {
  const instructions = await listCaseInstructions(db, c.tenantId, c.id);
  const events = await listEvents(
    db,
    instructions.map((i) => i.id),
  );
  const sum = (pred: (s: string) => boolean, kind?: 'refund' | 'transfer') =>
    instructions
      .filter((i) => pred(i.status) && (kind === undefined || i.kind === kind))
      .reduce((s, i) => s + i.amountFen, 0n);
  const staff = audience === 'staff';
  return {
    caseId: c.id,
    currency: 'CNY',
    totals: {
      instructedFen: sum((s) => s !== 'failed').toString(),
      paidFen: sum((s) => s === 'succeeded').toString(),
      refundedFen: sum((s) => s === 'succeeded', 'refund').toString(),
      compensatedFen: sum((s) => s === 'succeeded', 'transfer').toString(),
      inFlightFen: sum((s) => s === 'pending' || s === 'sent' || s === 'retrying').toString(),
      failedFen: sum((s) => s === 'failed').toString(),
    },
    refunds: instructions.map((i) => ({
      id: i.id,
      remedy: i.remedy,
      amountFen: i.amountFen.toString(),
      payer: i.payer,
      payerLabel: PAYER_LABELS[i.payer] ?? { zh: i.payer, en: i.payer },
      to: 'claimant' as const,
      kind: i.kind,
      route: i.kind === 'transfer' ? ('balance_transfer' as const) : ('original_payment' as const),
      routeLabel: ROUTE_LABELS[i.kind === 'transfer' ? 'balance_transfer' : 'original_payment'],
      status: i.status as CaseMoney['refunds'][number]['status'],
      statusLabel:
        i.kind === 'transfer' && i.status === 'succeeded'
          ? TRANSFER_SUCCEEDED
          : (STATUS_LABELS[i.status] ?? { zh: i.status, en: i.status }),
      failureCode: i.failureCode,
      attempts: i.attempts,
      createdAt: i.createdAt.toISOString(),
      settledAt: i.settledAt?.toISOString() ?? null,
      // Parties see each change of status; repeated observations that changed nothing are staff detail.
      history: events
        .filter((e) => e.instructionId === i.id && (staff || e.type !== 'observed'))
        .map((e) => ({ at: e.occurredAt.toISOString(), status: e.toStatus, source: e.source })),
      ...(staff
        ? {
            internal: {
              fundedFrom: i.fundedFrom,
              providerRef: i.providerRef,
              idempotencyKey: i.idempotencyKey,
              nextAttemptAt: i.nextAttemptAt?.toISOString() ?? null,
              anomaly: i.anomaly,
            },
          }
        : {}),
    })),
    charges: await caseCharges(db, c.tenantId, c.id),
    ...(staff ? { ledger: await caseLedger(db, c.tenantId, c.id) } : {}),
  };
}
