import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, transact } from '../audit/index.js';
import { cases } from '../cases/cases.table.js';
import { ledgerAccounts, postEntry, type EntryLine } from '../ledger/index.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import { formatFen } from '../../../common/money.js';
import { transfer } from './collect.js';
import { activeHolds, merchantHolds, type MoneyContext } from './holds.js';
import { DEPOSIT_WITHDRAWAL, instructPayout, type PayoutRow } from './payouts.js';
import { balance } from './settle.js';
import { compensations, payouts, recoveryClaims } from './settlement.table.js';

export type CompensationRow = typeof compensations.$inferSelect;
export type RecoveryClaimRow = typeof recoveryClaims.$inferSelect;

async function requireMerchant(db: Db, tenantId: string, merchantId: string) {
  const m = await findMerchant(db, tenantId, merchantId);
  if (!m) throw notFound({ zh: '商家不存在', en: 'Merchant not found' });
  return m;
}

/**
 * A merchant pays into its deposit (保证金): provider clearing → merchant deposit. `reference` is the
 * payment's reference at the provider; the same reference again posts nothing.
 * @throws NOT_FOUND (merchant), IDEMPOTENCY_KEY_REUSED (same reference, another amount)
 */
export async function topUpDeposit(
  db: Db,
  ctx: MoneyContext,
  input: { merchantId: string; amountFen: bigint; reference: string },
): Promise<{ depositFen: bigint; replayed: boolean }> {
  return transact(db, async (tx) => {
    await requireMerchant(tx, ctx.tenantId, input.merchantId);
    const account = `merchant_deposit:${input.merchantId}`;
    const { replayed } = await postEntry(
      tx,
      {
        tenantId: ctx.tenantId,
        idempotencyKey: `deposit-top-up:${input.merchantId}:${input.reference}`,
        kind: 'deposit_top_up',
        lines: transfer('provider_clearing', account, input.amountFen),
        memo: `deposit top-up ${input.reference}`,
        actor: ctx.actor,
      },
      ctx.now,
    );
    return { depositFen: -(await balance(tx, ctx.tenantId, account)), replayed };
  });
}

/** The platform pays into the guarantee fund (消费者保障基金). Same idempotency as {@link topUpDeposit}. */
export async function topUpFund(
  db: Db,
  ctx: MoneyContext,
  input: { amountFen: bigint; reference: string },
): Promise<{ replayed: boolean }> {
  return transact(db, async (tx) => {
    const { replayed } = await postEntry(
      tx,
      {
        tenantId: ctx.tenantId,
        idempotencyKey: `fund-top-up:${input.reference}`,
        kind: 'fund_top_up',
        lines: transfer('provider_clearing', 'guarantee_fund', input.amountFen),
        memo: `guarantee fund top-up ${input.reference}`,
        actor: ctx.actor,
      },
      ctx.now,
    );
    return { replayed };
  });
}

/**
 * The guarantee fund as it stands: its balance, what it has advanced and not yet recovered (the open
 * recovery claims on merchants), what is left to advance, and the platform's own advances (recovery costs).
 */
export async function fundPosition(db: Db, tenantId: string) {
  const [claims] = await db
    .select({ fen: sql<string>`coalesce(sum(${ledgerAccounts.balanceFen}), 0)::text` })
    .from(ledgerAccounts)
    .where(
      and(eq(ledgerAccounts.tenantId, tenantId), sql`${ledgerAccounts.code} like 'merchant_recovery:%'`),
    );
  const balanceFen = -(await balance(db, tenantId, 'guarantee_fund'));
  const advancesOutstandingFen = BigInt(claims?.fen ?? '0');
  return {
    balanceFen,
    advancesOutstandingFen,
    availableFen: balanceFen - advancesOutstandingFen,
    platformAdvancesFen: await balance(db, tenantId, 'platform_advances'),
  };
}

/**
 * Compensation a merchant owes a consumer (a decided case's award, seed 004): deducted from the merchant's
 * deposit; what the deposit cannot cover the guarantee fund advances, and a recovery claim against the
 * merchant opens for it. One entry: merchant deposit (debit, what it covers) + recovery claim on the merchant
 * (debit, the advance) → consumer refunds payable (credit, the whole award). The fund's advances are its
 * claims: it may advance only what its balance minus its open claims allows (checked under a lock on the
 * fund's account, so concurrent advances cannot both pass). `reference` makes it idempotent.
 * @throws NOT_FOUND (merchant), UNPROCESSABLE FUND_SHORT (the fund cannot cover the shortfall)
 */
export async function compensate(
  db: Db,
  ctx: MoneyContext,
  input: CompensationInput,
): Promise<{ compensation: CompensationRow; claim: RecoveryClaimRow | null; replayed: boolean }> {
  return transact(db, async (tx) => {
    await requireMerchant(tx, ctx.tenantId, input.merchantId);
    if (input.caseId) {
      const [c] = await tx
        .select({ merchantId: cases.respondentMerchantId })
        .from(cases)
        .where(and(eq(cases.tenantId, ctx.tenantId), eq(cases.id, input.caseId)));
      if (c?.merchantId !== input.merchantId)
        throw new DomainError('VALIDATION_FAILED', {
          fields: [
            {
              path: 'caseId',
              code: 'unknown',
              message: { zh: '没有针对该商家的此案件', en: 'No such case against this merchant' },
            },
          ],
        });
    }
    return drawOnMerchant(tx, ctx, input);
  });
}

type CompensationInput = {
  merchantId: string;
  caseId?: string | null;
  /** The order the money is for, when it is an order's refund (shown with the order's ledger entries). */
  orderId?: string | null;
  amountFen: bigint;
  reason: string;
  reference: string;
};

/**
 * {@link compensate}'s money movement in the caller's transaction: the deposit first, the fund advancing the
 * shortfall with a recovery claim. `payTo` is the account credited with the whole amount: refunds payable
 * for an award still to be paid to the consumer, provider clearing for money that already left (a refund the
 * marketplace made after the merchant was paid out).
 * @throws UNPROCESSABLE FUND_SHORT
 */
export async function drawOnMerchant(
  tx: Db,
  ctx: MoneyContext,
  input: CompensationInput & { payTo?: string },
): Promise<{ compensation: CompensationRow; claim: RecoveryClaimRow | null; replayed: boolean }> {
  const [existing] = await tx
    .select()
    .from(compensations)
    .where(and(eq(compensations.tenantId, ctx.tenantId), eq(compensations.idempotencyKey, input.reference)));
  if (existing) {
    const [claim] = await tx
      .select()
      .from(recoveryClaims)
      .where(eq(recoveryClaims.compensationId, existing.id));
    return { compensation: existing, claim: claim ?? null, replayed: true };
  }
  // Serialise advances on the fund's account row. A fund that never moved has nothing to advance, and the
  // availability check below refuses without needing the lock.
  await tx
    .select({ id: ledgerAccounts.id })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.tenantId, ctx.tenantId), eq(ledgerAccounts.code, 'guarantee_fund')))
    .for('update');
  const deposit = `merchant_deposit:${input.merchantId}`;
  const depositFen = -(await balance(tx, ctx.tenantId, deposit));
  const fromDeposit = depositFen > 0n ? (depositFen < input.amountFen ? depositFen : input.amountFen) : 0n;
  const fromFund = input.amountFen - fromDeposit;
  if (fromFund > 0n) {
    const { availableFen } = await fundPosition(tx, ctx.tenantId);
    if (availableFen < fromFund)
      throw new DomainError('UNPROCESSABLE', {
        message: `FUND_SHORT: the guarantee fund can advance ${availableFen} fen, ${fromFund} needed`,
        userMessage: {
          zh: `保证金不足，消费者保障基金可垫付余额 ${availableFen} 分，不足以垫付 ${fromFund} 分，请先充值基金`,
          en: `The deposit is short and the guarantee fund can advance only ${availableFen} fen of ${fromFund}; top up the fund first`,
        },
        extra: {
          reason: 'FUND_SHORT',
          availableFen: availableFen.toString(),
          neededFen: fromFund.toString(),
        },
      });
  }
  const id = newId('cmp', ctx.now.getTime());
  const lines: EntryLine[] = [
    ...(fromDeposit > 0n ? [{ account: deposit, amountFen: fromDeposit }] : []),
    ...(fromFund > 0n ? [{ account: `merchant_recovery:${input.merchantId}`, amountFen: fromFund }] : []),
    { account: input.payTo ?? 'consumer_refunds_payable', amountFen: -input.amountFen },
  ];
  const posted = await postEntry(
    tx,
    {
      tenantId: ctx.tenantId,
      idempotencyKey: `compensation:${input.reference}`,
      kind: 'compensation',
      lines,
      memo: input.reason,
      caseId: input.caseId ?? null,
      orderId: input.orderId ?? null,
      actor: ctx.actor,
    },
    ctx.now,
  );
  if (posted.replayed) throw new DomainError('CONFLICT', { message: 'compensation recorded concurrently' });
  const [compensation] = (await tx
    .insert(compensations)
    .values({
      id,
      tenantId: ctx.tenantId,
      merchantId: input.merchantId,
      caseId: input.caseId ?? null,
      idempotencyKey: input.reference,
      amountFen: input.amountFen,
      fromDepositFen: fromDeposit,
      fromFundFen: fromFund,
      reason: input.reason,
      actor: ctx.actor,
      createdAt: ctx.now,
    })
    .returning()) as [CompensationRow];
  let claim: RecoveryClaimRow | null = null;
  if (fromFund > 0n) {
    [claim] = (await tx
      .insert(recoveryClaims)
      .values({
        id: newId('rcl', ctx.now.getTime()),
        tenantId: ctx.tenantId,
        merchantId: input.merchantId,
        compensationId: id,
        caseId: input.caseId ?? null,
        amountFen: fromFund,
        recoveredFen: 0n,
        status: 'open',
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning()) as [RecoveryClaimRow];
  }
  await appendAudit(
    tx,
    {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      action: 'compensation.recorded',
      target: { type: 'compensation', id },
      caseId: input.caseId ?? null,
      summary: {
        merchantId: input.merchantId,
        amountFen: input.amountFen,
        fromDepositFen: fromDeposit,
        fromFundFen: fromFund,
        claimId: claim?.id ?? null,
      },
      partyVisible: Boolean(input.caseId),
      requestId: ctx.requestId ?? null,
    },
    ctx.now,
  );
  return { compensation, claim, replayed: false };
}

/** What a merchant sees of its money: deposit, pending settlement, holds, deductions and claims against it. */
export async function merchantMoney(db: Db, tenantId: string, merchantId: string) {
  await requireMerchant(db, tenantId, merchantId);
  const [deductions, claims, holds] = await Promise.all([
    db
      .select()
      .from(compensations)
      .where(and(eq(compensations.tenantId, tenantId), eq(compensations.merchantId, merchantId)))
      .orderBy(desc(compensations.createdAt))
      .limit(200),
    db
      .select()
      .from(recoveryClaims)
      .where(and(eq(recoveryClaims.tenantId, tenantId), eq(recoveryClaims.merchantId, merchantId)))
      .orderBy(desc(recoveryClaims.createdAt))
      .limit(200),
    activeHolds(db, tenantId, merchantId),
  ]);
  return {
    merchantId,
    depositFen: -(await balance(db, tenantId, `merchant_deposit:${merchantId}`)),
    pendingFen: -(await balance(db, tenantId, `merchant_pending:${merchantId}`)),
    owedFen: await balance(db, tenantId, `merchant_recovery:${merchantId}`),
    frozen: holds.some((h) => h.amountFen === null),
    holds,
    deductions,
    claims,
  };
}

/**
 * What a merchant may take out of its deposit now: nothing while it is frozen (an assisted recovery, a
 * freeze); otherwise the deposit minus what it owes the fund (open recovery claims) and its merchant-wide
 * amount holds.
 */
export async function withdrawableFen(tx: Db, tenantId: string, merchantId: string): Promise<bigint> {
  const holds = await merchantHolds(tx, tenantId, merchantId);
  if (holds.frozen) return 0n;
  const depositFen = -(await balance(tx, tenantId, `merchant_deposit:${merchantId}`));
  const owedFen = await balance(tx, tenantId, `merchant_recovery:${merchantId}`);
  const left = depositFen - owedFen - holds.heldFen;
  return left > 0n ? left : 0n;
}

/**
 * A merchant leaving or reducing its deposit: paid back through the provider as a payout (reason
 * `deposit_withdrawal`, key `payout:deposit:<merchant>:<reference>`), its amount leaving the deposit with the
 * payout's ledger entry before any call; a failed payout returns it to the deposit. Only what is neither held
 * nor owed ({@link withdrawableFen}), checked under a lock on the deposit's account. The same reference again
 * returns the first payout.
 * @throws NOT_FOUND (merchant), UNPROCESSABLE EXCEEDS_WITHDRAWABLE
 */
export async function withdrawDeposit(
  db: Db,
  ctx: MoneyContext,
  input: { merchantId: string; amountFen: bigint; reference: string },
): Promise<{ payout: PayoutRow; depositFen: bigint; replayed: boolean }> {
  return transact(db, async (tx) => {
    await requireMerchant(tx, ctx.tenantId, input.merchantId);
    const key = `deposit:${input.merchantId}:${input.reference}`;
    const [existing] = await tx
      .select()
      .from(payouts)
      .where(and(eq(payouts.tenantId, ctx.tenantId), eq(payouts.idempotencyKey, `payout:${key}`)));
    const deposit = `merchant_deposit:${input.merchantId}`;
    if (existing)
      return { payout: existing, depositFen: -(await balance(tx, ctx.tenantId, deposit)), replayed: true };
    await tx
      .select({ id: ledgerAccounts.id })
      .from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.tenantId, ctx.tenantId), eq(ledgerAccounts.code, deposit)))
      .for('update');
    const available = await withdrawableFen(tx, ctx.tenantId, input.merchantId);
    if (input.amountFen > available)
      throw new DomainError('UNPROCESSABLE', {
        message: `EXCEEDS_WITHDRAWABLE: ${available} fen may be withdrawn, ${input.amountFen} asked`,
        userMessage: {
          zh: `可退保证金为 ${formatFen(available)}（已扣除冻结、保留金额和欠款），不足 ${formatFen(input.amountFen)}`,
          en: `Only ${formatFen(available)} of the deposit may be withdrawn (net of freezes, holds and debts); ${formatFen(input.amountFen)} asked`,
        },
        extra: { reason: 'EXCEEDS_WITHDRAWABLE', withdrawableFen: available.toString() },
      });
    const payout = await instructPayout(
      tx,
      {
        merchantId: input.merchantId,
        reason: DEPOSIT_WITHDRAWAL,
        sourceId: input.reference,
        amountFen: input.amountFen,
        key,
      },
      ctx,
    );
    return { payout: payout!, depositFen: -(await balance(tx, ctx.tenantId, deposit)), replayed: false };
  });
}
