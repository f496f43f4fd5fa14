import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, type ActorSnapshot } from '../audit/index.js';
import { postEntry } from '../ledger/index.js';
import { collectMissing, holdingAccount, orderMoneyAccount, transfer } from '../settlement/collect.js';
import { drawOnMerchant } from '../settlement/deposits.js';
import {
  creditBalance,
  heldOnOrder,
  listCaseInstructions,
  lockAccountsInOrder,
  lockOrder,
  type OrderRow,
  type RefundInstructionRow,
} from './refunds.repo.js';
import { refundEvents, refundInstructions, type InstructionKind } from './refunds.table.js';

/**
 * Remedies that pay the consumer money: along the original route, and — for compensation beyond what the
 * payment can still give back — by transfer to the consumer's account balance.
 */
export const MONEY_REMEDIES = new Set(['full_refund', 'partial_refund', 'return_and_refund', 'compensation']);

/** One remedy of a case's outcome (agreement or decision), amounts in fen. */
export type OutcomeRemedy = {
  type: string;
  amountFen: bigint;
  payer: 'respondent' | 'platform' | 'guarantee_fund' | 'claimant';
};

/** What execution needs to know about the case. */
export type OutcomeCase = { id: string; tenantId: string; number: string; orderId: string | null };

export type ExecutionContext = { now: Date; actor: ActorSnapshot; requestId?: string };

/**
 * Makes a remedy's amount payable to the consumer (consumer refunds payable, credit) and returns the account
 * a failed payment gives it back to. The respondent pays from the order's money where it waits (ticket escrow,
 * or its pending settlement once the event settled), as far as that goes; the rest is drawn on the merchant
 * exactly as a refund the marketplace reports after a payout is ({@link drawOnMerchant}): its deposit
 * (保证金), then the guarantee fund's advance with a recovery claim against the merchant, so every shortfall
 * is explained by a claim. The guarantee fund pays from itself; the platform (and a fund that cannot cover a
 * remedy it pays itself) from platform_advances (先行赔付).
 * @throws UNPROCESSABLE FUND_SHORT when neither the merchant's money nor the fund can cover the respondent's share
 */
async function fund(
  tx: Db,
  c: OutcomeCase,
  order: OrderRow,
  r: OutcomeRemedy,
  id: string,
  kind: InstructionKind,
  ctx: ExecutionContext,
): Promise<string> {
  const payable = (account: string, fen: bigint) =>
    postEntry(
      tx,
      {
        tenantId: c.tenantId,
        idempotencyKey: `refund:${id}:payable`,
        kind: 'refund.payable',
        caseId: c.id,
        orderId: order.id,
        memo:
          kind === 'transfer'
            ? `${c.number} ${r.type}: 超出实付金额的赔偿，打款到消费者账户余额 / compensation beyond the price paid, transferred to the consumer's balance`
            : `${c.number} ${r.type}: 应退消费者 / payable to the consumer`,
        lines: transfer(account, 'consumer_refunds_payable', fen),
        actor: ctx.actor,
      },
      ctx.now,
    );
  if (r.payer !== 'respondent') {
    const own =
      r.payer === 'guarantee_fund' &&
      (await creditBalance(tx, order.tenantId, 'guarantee_fund')) >= r.amountFen;
    const account = own ? 'guarantee_fund' : 'platform_advances';
    await payable(account, r.amountFen);
    return account;
  }
  const source = await orderMoneyAccount(tx, order);
  const held = await creditBalance(tx, order.tenantId, source);
  const covered = held <= 0n ? 0n : held < r.amountFen ? held : r.amountFen;
  if (covered > 0n) await payable(source, covered);
  if (covered === r.amountFen) return source;
  await drawOnMerchant(
    tx,
    {
      tenantId: c.tenantId,
      actor: ctx.actor,
      now: ctx.now,
      ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    },
    {
      merchantId: order.merchantId,
      caseId: c.id,
      orderId: order.id,
      amountFen: r.amountFen - covered,
      reason: `${c.number} ${r.type}: 商家待结算款不足，从保证金扣除 / the merchant's pending settlement is short`,
      reference: `outcome:${id}`,
      payTo: 'consumer_refunds_payable',
    },
  );
  // Drawn on the merchant: a refund that fails gives the money back to its deposit, where it stands against
  // any recovery claim the draw opened.
  return `merchant_deposit:${order.merchantId}`;
}

/**
 * Executes a case's outcome in the caller's transaction: for every money remedy, a refund instruction along
 * the order's original route (key and exact request stored now, before any provider call) and the ledger
 * entry that makes it payable to the consumer. Nothing is refunded beyond what the order paid: the order row
 * is locked while the remaining amount is checked, and a refund remedy that does not fit is recorded as failed
 * (`REJECTED:EXCEEDS_REFUNDABLE`) without a call. A compensation that does not fit is split instead: what the
 * order can still refund goes along the original route, the rest as a `transfer` instruction to the consumer's
 * account balance (a refund can never exceed the payment; the provider's transfer is a different operation),
 * both funded by the payer like any remedy. Running it twice for a case returns the first result.
 * Remedies the claimant pays, and cases without an order, create nothing.
 */
export async function executeOutcome(
  tx: Db,
  c: OutcomeCase,
  remedies: readonly OutcomeRemedy[],
  ctx: ExecutionContext,
): Promise<RefundInstructionRow[]> {
  const money = remedies
    .map((r, index) => ({ ...r, index }))
    .filter((r) => MONEY_REMEDIES.has(r.type) && r.amountFen > 0n && r.payer !== 'claimant');
  if (money.length === 0 || !c.orderId) return [];
  const order = await lockOrder(tx, c.tenantId, c.orderId);
  if (!order) return [];
  const already = await listCaseInstructions(tx, c.tenantId, c.id);
  if (already.length > 0) return already;
  await lockAccountsInOrder(tx, c.tenantId, [
    'consumer_refunds_payable',
    'provider_clearing',
    'platform_advances',
    'guarantee_fund',
    holdingAccount(order),
    `merchant_pending:${order.merchantId}`,
    `merchant_deposit:${order.merchantId}`,
    `merchant_recovery:${order.merchantId}`,
  ]);
  await collectMissing(tx, c.tenantId, [order], ctx);
  let refundable = order.totalFen - order.refundedFen - (await heldOnOrder(tx, c.tenantId, order.id));
  const created: RefundInstructionRow[] = [];
  for (const r of money) {
    if (r.amountFen <= refundable || r.type !== 'compensation') {
      const fits = r.amountFen <= refundable;
      created.push(await createInstruction(tx, c, order, r, 'refund', fits, ctx));
      if (fits) refundable -= r.amountFen;
      continue;
    }
    // Compensation beyond what the payment can still give back (e.g. 消法 Art. 55's 3×, at least ¥500): the
    // refundable part along the original route, the rest transferred to the consumer's balance.
    const viaRefund = refundable > 0n ? refundable : 0n;
    if (viaRefund > 0n) {
      created.push(
        await createInstruction(tx, c, order, { ...r, amountFen: viaRefund }, 'refund', true, ctx),
      );
      refundable -= viaRefund;
    }
    const rest = { ...r, amountFen: r.amountFen - viaRefund };
    created.push(await createInstruction(tx, c, order, rest, 'transfer', true, ctx));
  }
  return created;
}

async function createInstruction(
  tx: Db,
  c: OutcomeCase,
  order: OrderRow,
  r: OutcomeRemedy & { index: number },
  kind: InstructionKind,
  fits: boolean,
  ctx: ExecutionContext,
): Promise<RefundInstructionRow> {
  const id = newId('rfi', ctx.now.getTime());
  const fundedFrom = fits ? await fund(tx, c, order, r, id, kind, ctx) : 'none';
  const status = fits ? 'pending' : 'failed';
  const [row] = await tx
    .insert(refundInstructions)
    .values({
      id,
      tenantId: c.tenantId,
      caseId: c.id,
      remedyIndex: r.index,
      remedy: r.type,
      kind,
      payer: r.payer,
      fundedFrom,
      orderId: order.id,
      amountFen: r.amountFen,
      status,
      // Derived from the instruction, never from an attempt: every send of this refund carries it.
      idempotencyKey: `accord-${kind}-${id}`,
      // A transfer goes to the payer of the same payment, so it carries the same references.
      request: {
        paymentRef: order.externalId,
        orderRef: order.externalId,
        amountFen: r.amountFen.toString(),
        reason: `${c.number} ${r.type}${kind === 'transfer' ? ' beyond the price paid' : ''}`,
      },
      failureCode: fits ? null : 'REJECTED:EXCEEDS_REFUNDABLE',
      nextAttemptAt: fits ? ctx.now : null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      settledAt: fits ? null : ctx.now,
    })
    .returning();
  await tx.insert(refundEvents).values({
    tenantId: c.tenantId,
    instructionId: id,
    type: 'created',
    source: 'accord',
    fromStatus: null,
    toStatus: status,
    detail: { amountFen: r.amountFen.toString(), payer: r.payer, fundedFrom, remedy: r.type, kind },
    occurredAt: ctx.now,
  });
  await appendAudit(
    tx,
    {
      tenantId: c.tenantId,
      actor: ctx.actor,
      // Named for what it is: a transfer to the consumer's balance is not a refund.
      action: `${kind}.${fits ? 'instructed' : 'refused'}`,
      target: { type: 'refund_instruction', id },
      caseId: c.id,
      summary: { amountFen: r.amountFen.toString(), payer: r.payer, remedy: r.type, kind, status },
      partyVisible: true,
      requestId: ctx.requestId ?? null,
    },
    ctx.now,
  );
  return row!;
}
