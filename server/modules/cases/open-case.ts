import type { Db } from '../../db/client.js';
import { transact } from '../audit/index.js';
import { DomainError } from '../../http/errors.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { newId } from '../../lib/ids.js';
import { shanghaiDateOf } from '../calendar/index.js';
import { recordSubjectStatus } from '../deadlines/index.js';
import { presentOrder } from '../orders/presenters.js';
import { findOrder } from '../orders/orders.repo.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import { DEFAULT_CASE_POLICY, teamFor, type CasePolicy, type CasePolicyFor } from './case-policy.js';
import { openStepDeadlines } from './case-deadlines.js';
import { recordCaseEvent } from './case-records.js';
import type { OpenCaseBody } from './case-schemas.js';
import { nextCaseNumber, type CaseRow } from './cases.repo.js';
import { cases } from './cases.table.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

const field = (path: string, code: string, zh: string, en: string) =>
  new DomainError('VALIDATION_FAILED', {
    userMessage: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
    fields: [{ path, code, message: { zh, en } }],
  });

/**
 * Files a case for `claimant` (a consumer user id): checks the order belongs to them and the amount does not
 * exceed what was paid and not yet refunded, snapshots the order and the policy, numbers the case, opens the
 * first step's deadlines and records the filing — one transaction.
 * @throws VALIDATION_FAILED, NOT_FOUND (order), CONFLICT (an open case on the same order and issue)
 */
export async function openCase(
  db: Db,
  input: {
    tenantId: string;
    claimant: { id: string; externalId: string | null };
    channel: 'web' | 'api' | 'hotline';
    filedBy: CaseActorRef;
    body: OpenCaseBody;
  },
  ctx: ActionContext,
  policies: CasePolicy | CasePolicyFor = DEFAULT_CASE_POLICY,
): Promise<CaseRow> {
  const { body, tenantId } = input;
  if (body.kind === 'refund_request' && !body.orderId) {
    throw field('orderId', 'required', '退款申请必须关联订单', 'a refund request needs an order');
  }
  return transact(db, async (tx) => {
    let merchantId = body.respondentMerchantId;
    let orderSnapshot: Record<string, unknown> | null = null;
    let scenario = 'ecommerce';
    let orderPlacedAt: Date | null = null;
    if (body.orderId) {
      const order = await findOrder(tx, tenantId, body.orderId);
      // Someone else's order answers exactly like a missing one.
      if (!order || order.buyerExternalId !== input.claimant.externalId) {
        throw new DomainError('NOT_FOUND', { userMessage: { zh: '订单不存在', en: 'Order not found' } });
      }
      const refundable = order.totalFen - order.refundedFen;
      if (body.requestedAmountFen > refundable) {
        throw field(
          'requestedAmountFen',
          'too_big',
          `申请金额不能超过可退金额 ${refundable} 分`,
          `cannot exceed the refundable ${refundable} fen`,
        );
      }
      merchantId = order.merchantId;
      scenario = order.scenario;
      orderPlacedAt = order.paidAt;
      orderSnapshot = toJsonValue(presentOrder(order, null)) as Record<string, unknown>;
    }
    if (!merchantId || !(await findMerchant(tx, tenantId, merchantId))) {
      throw field(
        'respondentMerchantId',
        'required',
        '请选择被投诉的商家',
        'name the merchant the case is against',
      );
    }
    const stage = body.kind === 'refund_request' ? 'awaiting_merchant' : 'acceptance_review';
    // The pack version in force now (a pure pick from the cached versions: no query here).
    const policy =
      typeof policies === 'function'
        ? policies({ scenario, orderPlacedAt, intervened: stage === 'acceptance_review', now: ctx.now })
        : policies;
    const fastTrack = body.urgent || body.requestedAmountFen >= BigInt(policy.fastTrackAmountFen);
    const number = await nextCaseNumber(tx, tenantId, Number(shanghaiDateOf(ctx.now).slice(0, 4)));
    const [row] = await tx
      .insert(cases)
      .values({
        id: newId('case', ctx.now.getTime()),
        tenantId,
        number,
        kind: body.kind,
        stage,
        isOpen: true,
        channel: input.channel,
        category: body.category,
        scenario,
        claimantId: input.claimant.id,
        respondentMerchantId: merchantId,
        orderId: body.orderId ?? null,
        orderSnapshot,
        title: body.title,
        description: body.description,
        requestedRemedy: body.requestedRemedy,
        requestedAmountFen: body.requestedAmountFen,
        urgent: body.urgent,
        fastTrack,
        team: teamFor(body.category, scenario),
        filedBy: input.filedBy.snapshot,
        policy: toJsonValue(policy) as Record<string, unknown>,
        stageEnteredAt: ctx.now,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new DomainError('CONFLICT', {
        userMessage: {
          zh: '该订单的同类问题已有处理中的案件',
          en: 'You already have an open case on this order for this issue',
        },
        fields: [
          {
            path: 'category',
            code: 'duplicate_open_case',
            message: { zh: '已有处理中的同类案件', en: 'an open case exists for this issue' },
          },
        ],
      });
    }
    await openStepDeadlines(tx, row, ctx);
    await recordSubjectStatus(
      tx,
      { tenantId, type: 'case', id: row.id, status: stage },
      { actor: input.filedBy.snapshot, now: ctx.now, calendar: ctx.calendar },
    );
    await recordCaseEvent(
      tx,
      row,
      {
        action: 'filed',
        actor: input.filedBy,
        from: null,
        to: stage,
        visibility: 'all',
        details: {
          channel: input.channel,
          category: body.category,
          requestedRemedy: body.requestedRemedy,
          requestedAmountFen: body.requestedAmountFen,
          fastTrack,
        },
      },
      ctx,
    );
    return row;
  });
}
