import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError, notFound } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { formatFen } from '../../../common/money.js';
import { appendAudit, transact } from '../audit/index.js';
import { postEntry } from '../ledger/index.js';
import { transfer } from './collect.js';
import type { RecoveryClaimRow } from './deposits.js';
import type { MoneyContext } from './holds.js';
import { recoveryClaimEvents, recoveryClaims } from './settlement.table.js';

export type RecoveryClaimEventRow = typeof recoveryClaimEvents.$inferSelect;

/** What a claim still owes the fund: its amount less what was recovered and what was written off. */
export const owedOn = (c: RecoveryClaimRow): bigint => c.amountFen - c.recoveredFen - c.writtenOffFen;

const CLAIM_NOT_FOUND = { zh: '追偿债权不存在', en: 'Recovery claim not found' };

/**
 * Writes off some or all of what a recovery claim still owes, when the fund cannot recover it (a supervisor's
 * decision, with a reason): the guarantee fund bears that loss — guarantee_fund debit, the merchant's recovery
 * claim credit. Without `amountFen` everything still owed is written off. The claim stays open with the rest
 * owed, or closes `written_off` when nothing remains. The advance stays paid to the consumer; the fund's
 * available amount does not change (the claim already counted against it), its balance drops by the loss.
 * Each write-off is its own ledger entry, keyed by the claim and the total written off after it
 * (`write-off:<claim>:<total>`): the claim row is locked, so two write-offs cannot take the same key, and a
 * client retrying the request replays it through the Idempotency-Key header. Audited, and kept in the claim's
 * history.
 * @throws NOT_FOUND (claim), CONFLICT (the claim is no longer open), UNPROCESSABLE EXCEEDS_OWED
 */
export async function writeOffClaim(
  db: Db,
  ctx: MoneyContext,
  input: { claimId: string; reason: string; amountFen?: bigint | undefined },
): Promise<{ claim: RecoveryClaimRow; event: RecoveryClaimEventRow; writtenOffFen: bigint }> {
  return transact(db, async (tx) => {
    const [c] = await tx
      .select()
      .from(recoveryClaims)
      .where(and(eq(recoveryClaims.tenantId, ctx.tenantId), eq(recoveryClaims.id, input.claimId)))
      .for('update');
    if (!c) throw notFound(CLAIM_NOT_FOUND);
    if (c.status !== 'open')
      throw new DomainError('CONFLICT', {
        userMessage: { zh: '该债权已结清或已核销', en: 'The claim is already recovered or written off' },
      });
    const owedFen = owedOn(c);
    const amountFen = input.amountFen ?? owedFen;
    if (amountFen > owedFen) throw exceedsOwed(owedFen, amountFen);
    const totalFen = c.writtenOffFen + amountFen;
    const { entry } = await postEntry(
      tx,
      {
        tenantId: ctx.tenantId,
        idempotencyKey: `write-off:${c.id}:${totalFen}`,
        kind: 'write_off',
        lines: transfer('guarantee_fund', `merchant_recovery:${c.merchantId}`, amountFen),
        memo: `written off: ${input.reason}`,
        caseId: c.caseId,
        actor: ctx.actor,
      },
      ctx.now,
    );
    const remainingFen = owedFen - amountFen;
    const [claim] = (await tx
      .update(recoveryClaims)
      .set({
        writtenOffFen: totalFen,
        status: remainingFen === 0n ? 'written_off' : 'open',
        updatedAt: ctx.now,
      })
      .where(eq(recoveryClaims.id, c.id))
      .returning()) as [RecoveryClaimRow];
    const [event] = (await tx
      .insert(recoveryClaimEvents)
      .values({
        id: newId('rce', ctx.now.getTime()),
        tenantId: ctx.tenantId,
        claimId: c.id,
        kind: 'written_off',
        amountFen,
        reason: input.reason,
        entryId: entry.id,
        actor: ctx.actor,
        createdAt: ctx.now,
      })
      .returning()) as [RecoveryClaimEventRow];
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: 'recovery_claim.written_off',
        target: { type: 'recovery_claim', id: c.id },
        caseId: c.caseId,
        summary: { merchantId: c.merchantId, writtenOffFen: amountFen, remainingFen, reason: input.reason },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return { claim, event, writtenOffFen: amountFen };
  });
}

function exceedsOwed(owedFen: bigint, askedFen: bigint): DomainError {
  return new DomainError('UNPROCESSABLE', {
    message: `EXCEEDS_OWED: ${owedFen} fen is still owed on the claim, ${askedFen} asked`,
    userMessage: {
      zh: `该债权尚欠 ${formatFen(owedFen)}，不能核销 ${formatFen(askedFen)}`,
      en: `Only ${formatFen(owedFen)} is still owed on this claim; ${formatFen(askedFen)} cannot be written off`,
    },
    extra: { reason: 'EXCEEDS_OWED', owedFen: owedFen.toString() },
  });
}
