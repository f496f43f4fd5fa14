import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { executeOutcome, listCaseInstructions, OPEN_STATUSES, type OutcomeRemedy } from '../refunds/index.js';
import type { Action } from './case-lifecycle.js';
import type { CaseRow } from './cases.repo.js';
import type { CaseActorRef, ActionContext } from './take-action.js';

type StoredRemedy = { type: string; amountFen: string | number; payer: OutcomeRemedy['payer'] };

function parse(remedies: unknown): OutcomeRemedy[] {
  if (!Array.isArray(remedies)) return [];
  return (remedies as StoredRemedy[]).map((r) => ({
    type: r.type,
    amountFen: BigInt(r.amountFen),
    payer: r.payer,
  }));
}

/**
 * The remedies a case carries out when it reaches `refund_agreed` (what the parties agreed: the merchant's
 * counter-offer the consumer accepted, or else the consumer's request) or `execution` (the decision, or the
 * review's revision of it). The merchant pays an agreed refund.
 */
export function outcomeRemedies(c: CaseRow, action: Action): OutcomeRemedy[] {
  const d = c.details;
  if (c.stage === 'refund_agreed') {
    const counter = d.counter_offer as { remedy: string; amountFen: string } | undefined;
    if (action === 'accept_counter_offer' && counter) {
      return [{ type: counter.remedy, amountFen: BigInt(counter.amountFen), payer: 'respondent' }];
    }
    return [{ type: c.requestedRemedy, amountFen: c.requestedAmountFen, payer: 'respondent' }];
  }
  const review = d.review as { outcome?: string; remedies?: unknown } | undefined;
  if (review?.outcome === 'revised') return parse(review.remedies);
  return parse((d.decision as { remedies?: unknown } | undefined)?.remedies);
}

/**
 * Money side of a lifecycle step, in the action's transaction. Reaching `refund_agreed` or `execution`
 * executes the outcome (refund instructions + ledger); `mark_executed` is refused while a refund is still on
 * its way — the case closes by itself when every refund succeeded (see case-refund-jobs.ts).
 * @throws INVALID_TRANSITION mark_executed with refunds in flight
 */
export async function onStageMoney(
  tx: Db,
  before: CaseRow,
  after: CaseRow,
  action: Action,
  actor: CaseActorRef,
  ctx: ActionContext,
): Promise<void> {
  if (action === 'mark_executed') {
    const open = (await listCaseInstructions(tx, before.tenantId, before.id)).filter((i) =>
      (OPEN_STATUSES as readonly string[]).includes(i.status),
    );
    if (open.length > 0) {
      throw new DomainError('INVALID_TRANSITION', {
        message: `${open.length} refund(s) of this case are still in flight`,
        userMessage: {
          zh: '退款尚未完成，全部到账后案件将自动结案',
          en: 'Refunds are still in flight; the case closes by itself when all have succeeded',
        },
        extra: { stage: before.stage, openRefunds: open.map((i) => i.id) },
      });
    }
    return;
  }
  if (after.stage === before.stage || (after.stage !== 'refund_agreed' && after.stage !== 'execution'))
    return;
  await executeOutcome(
    tx,
    { id: after.id, tenantId: after.tenantId, number: after.number, orderId: after.orderId },
    outcomeRemedies(after, action),
    { now: ctx.now, actor: actor.snapshot, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) },
  );
}
