import { casePolicyResolver } from '../modules/cases/case-policy.js';
import { policyStoreOf } from '../modules/policy/index.js';
import type { Db } from '../db/client.js';
import { findUserByUsername, findUserByExternalId } from '../modules/accounts/accounts.repo.js';
import { buildWorkCalendar } from '../modules/calendar/index.js';
import type { Action } from '../modules/cases/case-lifecycle.js';
import { lockCase } from '../modules/cases/cases.repo.js';
import { makeOffer } from '../modules/cases/offers.js';
import { openCase } from '../modules/cases/open-case.js';
import type { CaseActorRef } from '../modules/cases/take-action.js';
import { actOnDemoCase, claimantActor } from './demo-actors.js';
import { findOrderByExternalId } from '../modules/orders/orders.repo.js';

type Step = { action: Action; by: string; payload?: Record<string, unknown> };

/**
 * Demo cases in the stages a visitor should see: a complaint under investigation, a refund request waiting on
 * the merchant, a mediation with an offer on the table, a new complaint in the intake queue, and a decided case
 * in its appeal window. Built through the real use cases, so every deadline, timeline and audit row is genuine.
 */
export async function seedDemoCases(db: Db, tenantId: string, now: Date): Promise<number> {
  const calendar = buildWorkCalendar();
  const ctx = { now, calendar };
  const actorOf = async (username: string, kind: CaseActorRef['kind']): Promise<CaseActorRef> => {
    const u = (await findUserByUsername(db, tenantId, username))!;
    return { kind, userId: u.id, snapshot: { type: 'user', id: u.id, role: u.role, name: u.displayName } };
  };
  const staffKind = (username: string): CaseActorRef['kind'] =>
    username.startsWith('agent')
      ? 'agent'
      : username.startsWith('handler')
        ? 'handler'
        : username.startsWith('reviewer')
          ? 'reviewer'
          : 'supervisor';

  const policies = casePolicyResolver(await policyStoreOf(db).forTenant(tenantId));
  const specs: {
    buyer: string;
    order: string;
    kind: 'complaint' | 'refund_request';
    category: string;
    title: string;
    description: string;
    remedy: string;
    amountFen: bigint;
    steps: Step[];
  }[] = [
    {
      buyer: 'buyer-1001',
      order: 'S20261101',
      kind: 'complaint',
      category: 'quality',
      title: '降噪耳机左耳无声',
      description: '签收后第二天发现左耳完全没有声音，联系店铺客服两天未回复，要求全额退款。',
      remedy: 'full_refund',
      amountFen: 119_900n,
      steps: [{ action: 'accept', by: 'agent1', payload: { expectedHandlingDays: 7 } }],
    },
    {
      buyer: 'buyer-1001',
      order: 'S20261102',
      kind: 'refund_request',
      category: 'quality',
      title: '芒果部分腐烂',
      description: '收到的 5 斤芒果中有 4 个已经腐烂发黑，已拍照，申请部分退款。',
      remedy: 'partial_refund',
      amountFen: 3_000n,
      steps: [],
    },
    {
      buyer: 'buyer-1001',
      order: 'V20261103',
      kind: 'complaint',
      category: 'partly_performed',
      title: '套餐少上两道菜',
      description: '到店使用双人套餐时，套餐内的羊肉卷和蔬菜拼盘未提供，店员称已售罄且不予退差价。',
      remedy: 'partial_refund',
      amountFen: 6_000n,
      steps: [
        { action: 'accept', by: 'agent1' },
        { action: 'start_mediation', by: 'handler1' },
      ],
    },
    {
      buyer: 'buyer-1002',
      order: 'T20261003',
      kind: 'complaint',
      category: 'ticket_refund',
      title: '演唱会门票无法退票',
      description: '距演出开始还有一个多月，申请退票时页面提示不支持退票，与购票时的退票规则不符。',
      remedy: 'full_refund',
      amountFen: 121_440n,
      steps: [],
    },
  ];
  for (const spec of specs) {
    const claimant = (await findUserByExternalId(db, tenantId, spec.buyer))!;
    const order = (await findOrderByExternalId(db, tenantId, spec.order))!;
    const filedBy = claimantActor(claimant);
    const c = await openCase(
      db,
      {
        tenantId,
        claimant: { id: claimant.id, externalId: claimant.externalId },
        channel: 'web',
        filedBy,
        body: {
          kind: spec.kind,
          orderId: order.id,
          category: spec.category as 'quality',
          title: spec.title,
          description: spec.description,
          requestedRemedy: spec.remedy as 'full_refund',
          requestedAmountFen: spec.amountFen,
          urgent: false,
        },
      },
      ctx,
      policies,
    );
    for (const step of spec.steps) {
      const actor = await actorOf(step.by, staffKind(step.by));
      await db.transaction(async (tx) =>
        actOnDemoCase(tx, tenantId, c.id, step.action, actor, step.payload ?? {}, ctx),
      );
    }
    if (spec.order === 'V20261103') {
      const mediator = await actorOf('handler1', 'handler');
      await db.transaction(async (tx) =>
        makeOffer(
          tx,
          (await lockCase(tx, tenantId, c.id))!,
          mediator,
          { remedy: 'partial_refund', amountFen: 5_000n, note: '建议商家退还两道菜对应的 50 元' },
          ctx,
        ),
      );
    }
  }
  return specs.length;
}
