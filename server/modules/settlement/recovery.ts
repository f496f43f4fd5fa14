import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError, notFound, type LocalizedText } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, transact } from '../audit/index.js';
import type { WorkCalendar } from '../calendar/index.js';
import { recordCaseEvent } from '../cases/case-records.js';
import { caseFields, type CaseRow } from '../cases/cases.repo.js';
import { cases } from '../cases/cases.table.js';
import { enqueueJobs } from '../jobs/jobs.js';
import { postEntry, type EntryLine } from '../ledger/index.js';
import { events } from '../orders/orders.table.js';
import { eventTicketsPack } from '../policy/packs/index.js';
import { distributeRecovery, type RecoveryDistribution, type RecoveryPayout } from '../policy/index.js';
import { tenants } from '../tenants/tenants.table.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import { formatFen } from '../../../common/money.js';
import { transfer } from './collect.js';
import { placeHold, releaseHold, type MoneyContext } from './holds.js';
import { freezeJobKey, PROVIDER_FREEZE_JOB, PROVIDER_UNFREEZE_JOB, unfreezeJobKey } from './recovery-jobs.js';
import { balance } from './settle.js';
import { refundOverdue, TRIGGER_CLAUSES, type RecoveryTrigger } from './settlement-rules.js';
import {
  recoveries,
  recoveryClaimEvents,
  recoveryClaims,
  settlementHolds,
  type RecoveryClaimant,
} from './settlement.table.js';
import { owedOn } from './write-off-claim.js';

export type RecoveryRow = typeof recoveries.$inferSelect;
type Field = { path: string; code: string; message: LocalizedText };

const invalid = (fields: Field[]) =>
  new DomainError('VALIDATION_FAILED', {
    userMessage: {
      zh: '追偿申请有误，请检查标出的字段',
      en: 'The recovery request is invalid; see the fields',
    },
    fields,
  });

export type OpenRecoveryInput = {
  merchantId: string;
  trigger: RecoveryTrigger;
  note: string;
  /** refund_overdue: the day the refund was due. */
  refundDueOn?: string;
  /** event_illegal: the event the authority found illegal. */
  eventId?: string;
  /** Consumers' unpaid claims, each on its case against the merchant. */
  claimants: { caseId: string; claimFen: bigint }[];
};

/**
 * Opens an assisted recovery (协助追偿, seed 000 §3): checks the trigger (§3.1), freezes the merchant's pending
 * settlement and deposit (§3.2 a: a hold without an amount, which every payout respects), queues the
 * stop-payment at the provider for payouts already in flight (a job, {@link PROVIDER_FREEZE_JOB}), and tells
 * each claimant on their case — all in one transaction with its audit events.
 * @throws NOT_FOUND (merchant), VALIDATION_FAILED (trigger not met, unknown case), CONFLICT (one already open)
 */
export async function openRecovery(
  db: Db,
  ctx: MoneyContext,
  calendar: WorkCalendar,
  input: OpenRecoveryInput,
): Promise<RecoveryRow> {
  return transact(db, async (tx) => {
    if (!(await findMerchant(tx, ctx.tenantId, input.merchantId)))
      throw notFound({ zh: '商家不存在', en: 'Merchant not found' });
    const problems: Field[] = [];
    if (input.trigger === 'refund_overdue') {
      if (!input.refundDueOn)
        problems.push({
          path: 'refundDueOn',
          code: 'required',
          message: { zh: '请填写应退款日期', en: 'required' },
        });
      else if (!refundOverdue(input.refundDueOn, ctx.now, calendar))
        problems.push({
          path: 'refundDueOn',
          code: 'not_overdue',
          message: {
            zh: '逾期退款尚未超过 7 个工作日',
            en: 'The refund is not yet overdue by more than 7 working days',
          },
        });
    }
    if (input.trigger === 'event_illegal') {
      const [event] = input.eventId
        ? await tx
            .select()
            .from(events)
            .where(and(eq(events.tenantId, ctx.tenantId), eq(events.id, input.eventId)))
        : [];
      if (!event || event.organizerId !== input.merchantId)
        problems.push({
          path: 'eventId',
          code: 'unknown',
          message: { zh: '该商家没有此活动', en: 'No such event of this merchant' },
        });
      // §3.1 b): and the consumers have filed valid refund requests.
      if (input.claimants.length === 0)
        problems.push({
          path: 'claimants',
          code: 'required',
          message: { zh: '需有消费者已提交的有效退款申请', en: 'Needs the consumers’ refund requests' },
        });
    }
    const caseRows = await claimantCases(tx, ctx.tenantId, input.merchantId, input.claimants, problems);
    if (problems.length > 0) throw invalid(problems);
    const id = newId('rcv', ctx.now.getTime());
    const details = {
      note: input.note,
      clause: TRIGGER_CLAUSES[input.trigger],
      refundDueOn: input.refundDueOn ?? null,
      eventId: input.eventId ?? null,
    };
    const [recovery] = (await tx
      .insert(recoveries)
      .values({
        id,
        tenantId: ctx.tenantId,
        merchantId: input.merchantId,
        trigger: input.trigger,
        details,
        status: 'open',
        claimants: input.claimants.map((c) => ({
          caseId: c.caseId,
          claimFen: c.claimFen.toString(),
          shareFen: null,
        })),
        actor: ctx.actor,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      // The partial unique index allows one open recovery per merchant.
      .onConflictDoNothing()
      .returning()) as [RecoveryRow?];
    if (!recovery)
      throw new DomainError('CONFLICT', {
        userMessage: { zh: '该商家已有进行中的追偿', en: 'A recovery against this merchant is already open' },
      });
    await placeHold(
      tx,
      {
        merchantId: input.merchantId,
        recoveryId: id,
        amountFen: null,
        reason: `协助追偿 ${TRIGGER_CLAUSES[input.trigger]}`,
      },
      ctx,
    );
    await enqueueJobs(
      tx,
      [
        {
          tenantId: ctx.tenantId,
          kind: PROVIDER_FREEZE_JOB,
          dedupeKey: freezeJobKey(id),
          payload: { recoveryId: id },
          runAt: ctx.now,
        },
      ],
      ctx.now,
    );
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: 'recovery.opened',
        target: { type: 'recovery', id },
        summary: {
          merchantId: input.merchantId,
          trigger: input.trigger,
          ...details,
          claimants: recovery.claimants,
        },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    for (const c of caseRows)
      await caseNote(tx, c, ctx, 'recovery_opened', {
        recoveryId: id,
        trigger: input.trigger,
        clause: TRIGGER_CLAUSES[input.trigger],
        explanation: {
          zh: `平台已对商家启动协助追偿（${TRIGGER_CLAUSES[input.trigger]}），冻结其待结算资金和保证金。追回款项将按规则分配并在此说明。`,
          en: `The platform opened an assisted recovery against the merchant (${TRIGGER_CLAUSES[input.trigger]}) and froze its pending settlement and deposit. Recovered money will be distributed by the rules and explained here.`,
        },
      });
    return recovery;
  });
}

async function claimantCases(
  tx: Db,
  tenantId: string,
  merchantId: string,
  claimants: { caseId: string; claimFen: bigint }[],
  problems: Field[],
): Promise<CaseRow[]> {
  const ids = claimants.map((c) => c.caseId);
  const rows = ids.length
    ? await tx
        .select(caseFields)
        .from(cases)
        .where(and(eq(cases.tenantId, tenantId), inArray(cases.id, ids)))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  claimants.forEach((c, i) => {
    const row = byId.get(c.caseId);
    if (!row || row.respondentMerchantId !== merchantId)
      problems.push({
        path: `claimants.${i}.caseId`,
        code: 'unknown',
        message: { zh: '没有针对该商家的此案件', en: 'No such case against this merchant' },
      });
    if (ids.indexOf(c.caseId) !== i)
      problems.push({
        path: `claimants.${i}.caseId`,
        code: 'duplicate',
        message: { zh: '案件重复', en: 'Listed twice' },
      });
  });
  return rows;
}

function caseNote(tx: Db, c: CaseRow, ctx: MoneyContext, action: string, details: Record<string, unknown>) {
  return recordCaseEvent(
    tx,
    c,
    {
      action,
      actor: { kind: 'system', userId: null, snapshot: ctx.actor },
      from: c.stage,
      to: c.stage,
      visibility: 'all',
      details,
    },
    { now: ctx.now, ...(ctx.requestId ? { requestId: ctx.requestId } : {}) },
  );
}

/** The policy's reading of seed 000 §3.3 (event-tickets pack; a tenant may set `settings.settlement.recoveryDistribution`). */
export async function recoveryChoice(
  db: Db,
  tenantId: string,
): Promise<{ choice: RecoveryDistribution; clause: string }> {
  const [t] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  const own = (t?.settings.settlement as { recoveryDistribution?: unknown } | undefined)
    ?.recoveryDistribution;
  if (own === 'costs_first_then_pro_rata' || own === 'advances_and_costs_first')
    return { choice: own, clause: `tenant setting; 31huiyi §3.3` };
  const s = eventTicketsPack.settings.recoveryDistribution;
  return { choice: s.value, clause: `${eventTicketsPack.id} v${eventTicketsPack.version}: ${s.clause}` };
}

export type DistributeInput = {
  /** Taken from the merchant's frozen pending settlement. */
  fromPendingFen: bigint;
  /** Taken from the merchant's frozen deposit. */
  fromDepositFen: bigint;
  /** Collected outside (stop-payment deduction at the provider, litigation, enforcement): into provider clearing. */
  externalFen: bigint;
  /** Reasonable costs of recovery the platform paid (§3.2 c): first out of the money. */
  costsFen: bigint;
};

/**
 * Distributes what was recovered (seed 000 §3.3) exactly to the fen under the policy's reading: costs first,
 * then the guarantee fund's open advances to this merchant and the consumers' claims — pro rata together
 * (`costs_first_then_pro_rata`, §3.3 c) or advances before consumers (`advances_and_costs_first`, §3.3 a–b).
 * One ledger entry moves the money (frozen pending/deposit and outside collections in; costs back to the
 * platform's advances, advances off the merchant's recovery claim, consumers' shares to refunds payable; any
 * surplus back to the merchant's pending settlement). Each claimant's case gets the explanation with both
 * readings' numbers; the freeze is released, and the provider's stop-payment with it (a queued job). All in one
 * transaction.
 * @throws NOT_FOUND, CONFLICT (already distributed), VALIDATION_FAILED (more than the merchant holds, nothing recovered)
 */
export async function distributeRecovered(
  db: Db,
  ctx: MoneyContext,
  recoveryId: string,
  input: DistributeInput,
): Promise<RecoveryRow> {
  return transact(db, async (tx) => {
    const [r] = await tx
      .select()
      .from(recoveries)
      .where(and(eq(recoveries.tenantId, ctx.tenantId), eq(recoveries.id, recoveryId)))
      .for('update');
    if (!r) throw notFound({ zh: '追偿不存在', en: 'Recovery not found' });
    if (r.status !== 'open')
      throw new DomainError('CONFLICT', { userMessage: { zh: '该追偿已分配', en: 'Already distributed' } });
    const m = r.merchantId;
    const pendingFen = -(await balance(tx, ctx.tenantId, `merchant_pending:${m}`));
    const depositFen = -(await balance(tx, ctx.tenantId, `merchant_deposit:${m}`));
    const problems: Field[] = [];
    if (input.fromPendingFen > pendingFen) problems.push(tooMuch('fromPendingFen', pendingFen));
    if (input.fromDepositFen > depositFen) problems.push(tooMuch('fromDepositFen', depositFen));
    const recovered = input.fromPendingFen + input.fromDepositFen + input.externalFen;
    if (recovered === 0n)
      problems.push({
        path: 'externalFen',
        code: 'nothing',
        message: { zh: '没有追回任何款项', en: 'Nothing was recovered' },
      });
    if (problems.length > 0) throw invalid(problems);

    const claims = await tx
      .select()
      .from(recoveryClaims)
      .where(
        and(
          eq(recoveryClaims.tenantId, ctx.tenantId),
          eq(recoveryClaims.merchantId, m),
          eq(recoveryClaims.status, 'open'),
        ),
      )
      .orderBy(asc(recoveryClaims.createdAt), asc(recoveryClaims.id))
      .for('update');
    const advancesFen = claims.reduce((s, c) => s + owedOn(c), 0n);
    const consumers = r.claimants.map((c) => ({ id: c.caseId, claimFen: BigInt(c.claimFen) }));
    const claimSet = { costsFen: input.costsFen, platformAdvancesFen: advancesFen, consumers };
    const { choice, clause } = await recoveryChoice(tx, ctx.tenantId);
    const payout = distributeRecovery(recovered, claimSet, choice);
    const other = distributeRecovery(
      recovered,
      claimSet,
      choice === 'advances_and_costs_first' ? 'costs_first_then_pro_rata' : 'advances_and_costs_first',
    );

    if (input.costsFen > 0n)
      await postEntry(
        tx,
        {
          tenantId: ctx.tenantId,
          idempotencyKey: `recovery-costs:${r.id}`,
          kind: 'recovery_costs',
          lines: transfer('platform_advances', 'provider_clearing', input.costsFen),
          memo: 'costs of recovery paid by the platform (seed 000 §3.2 c)',
          actor: ctx.actor,
        },
        ctx.now,
      );
    const consumerTotal = payout.consumers.reduce((s, c) => s + c.fen, 0n);
    const lines: EntryLine[] = [
      { account: `merchant_pending:${m}`, amountFen: input.fromPendingFen },
      { account: `merchant_deposit:${m}`, amountFen: input.fromDepositFen },
      { account: 'provider_clearing', amountFen: input.externalFen },
      { account: 'platform_advances', amountFen: -payout.costsFen },
      { account: `merchant_recovery:${m}`, amountFen: -payout.platformAdvancesFen },
      { account: 'consumer_refunds_payable', amountFen: -consumerTotal },
      { account: `merchant_pending:${m}`, amountFen: -payout.surplusFen },
    ].filter((l) => l.amountFen !== 0n);
    const { entry } = await postEntry(
      tx,
      {
        tenantId: ctx.tenantId,
        idempotencyKey: `recovery-distribution:${r.id}`,
        kind: 'recovery_distribution',
        lines,
        memo: `assisted recovery ${r.id}: ${choice}`,
        actor: ctx.actor,
      },
      ctx.now,
    );

    // The fund's share pays the merchant's oldest open claims first.
    let left = payout.platformAdvancesFen;
    for (const c of claims) {
      if (left === 0n) break;
      const owed = owedOn(c);
      const take = owed < left ? owed : left;
      left -= take;
      await tx
        .update(recoveryClaims)
        .set({
          recoveredFen: c.recoveredFen + take,
          status: take === owed ? 'recovered' : 'open',
          updatedAt: ctx.now,
        })
        .where(eq(recoveryClaims.id, c.id));
      await tx.insert(recoveryClaimEvents).values({
        id: newId('rce', ctx.now.getTime()),
        tenantId: ctx.tenantId,
        claimId: c.id,
        kind: 'recovered',
        amountFen: take,
        recoveryId: r.id,
        entryId: entry.id,
        actor: ctx.actor,
        createdAt: ctx.now,
      });
    }
    const holds = await tx
      .select({ id: settlementHolds.id })
      .from(settlementHolds)
      .where(and(eq(settlementHolds.recoveryId, r.id), eq(settlementHolds.status, 'active')));
    for (const h of holds) await releaseHold(tx, h.id, ctx);
    await enqueueJobs(
      tx,
      [
        {
          tenantId: ctx.tenantId,
          kind: PROVIDER_UNFREEZE_JOB,
          dedupeKey: unfreezeJobKey(r.id),
          payload: { recoveryId: r.id },
          runAt: ctx.now,
        },
      ],
      ctx.now,
    );

    const shareOf = new Map(payout.consumers.map((c) => [c.id, c.fen]));
    const claimants: RecoveryClaimant[] = r.claimants.map((c) => ({
      ...c,
      shareFen: (shareOf.get(c.caseId) ?? 0n).toString(),
    }));
    const distribution = {
      choice,
      clause,
      recoveredFen: recovered.toString(),
      sources: {
        fromPendingFen: input.fromPendingFen.toString(),
        fromDepositFen: input.fromDepositFen.toString(),
        externalFen: input.externalFen.toString(),
      },
      claims: { costsFen: input.costsFen.toString(), advancesFen: advancesFen.toString() },
      result: present(payout),
      otherReading: present(other),
    };
    const [done] = (await tx
      .update(recoveries)
      .set({
        status: 'distributed',
        claimants,
        distribution,
        entryId: entry.id,
        version: r.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(recoveries.id, r.id))
      .returning()) as [RecoveryRow];
    await appendAudit(
      tx,
      {
        tenantId: ctx.tenantId,
        actor: ctx.actor,
        action: 'recovery.distributed',
        target: { type: 'recovery', id: r.id },
        summary: distribution,
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    const caseRows = consumers.length
      ? await tx
          .select(caseFields)
          .from(cases)
          .where(
            and(
              eq(cases.tenantId, ctx.tenantId),
              inArray(
                cases.id,
                consumers.map((c) => c.id),
              ),
            ),
          )
      : [];
    for (const c of caseRows) {
      const claim = consumers.find((x) => x.id === c.id)!.claimFen;
      await caseNote(tx, c, ctx, 'recovery_distributed', {
        recoveryId: r.id,
        choice,
        clause,
        claimFen: claim.toString(),
        shareFen: (shareOf.get(c.id) ?? 0n).toString(),
        otherReadingShareFen: (other.consumers.find((x) => x.id === c.id)?.fen ?? 0n).toString(),
        explanation: explain(recovered, payout, claimSet, choice, claim, shareOf.get(c.id) ?? 0n),
      });
    }
    return done;
  });
}

function tooMuch(path: string, available: bigint): Field {
  return {
    path,
    code: 'too_big',
    message: { zh: `超过商家现有的 ${available} 分`, en: `more than the merchant holds (${available} fen)` },
  };
}

function present(p: RecoveryPayout) {
  return {
    costsFen: p.costsFen.toString(),
    advancesFen: p.platformAdvancesFen.toString(),
    consumers: p.consumers.map((c) => ({ caseId: c.id, fen: c.fen.toString() })),
    surplusFen: p.surplusFen.toString(),
  };
}

/** The claimant's explanation, zh-CN first: what came in, what was paid first, the reading, their share. */
export function explain(
  recovered: bigint,
  p: RecoveryPayout,
  claims: { costsFen: bigint; platformAdvancesFen: bigint; consumers: { claimFen: bigint }[] },
  choice: RecoveryDistribution,
  claimFen: bigint,
  shareFen: bigint,
): LocalizedText {
  const consumersTotal = claims.consumers.reduce((s, c) => s + c.claimFen, 0n);
  const reading =
    choice === 'costs_first_then_pro_rata'
      ? {
          zh: '先支付追偿费用，其余由平台垫付款与消费者债权按比例受偿（第3.3条c项）',
          en: 'costs first, then the platform’s advances and consumers’ claims share the rest pro rata (§3.3 c)',
        }
      : {
          zh: '先支付追偿费用和平台先行赔付，其余按比例退还消费者（第3.3条a、b项）',
          en: 'costs and the platform’s advances first, the rest pro rata to consumers (§3.3 a–b)',
        };
  const f = formatFen;
  return {
    zh:
      `共追回 ${f(recovered)}。分配规则：${reading.zh}。追偿费用 ${f(p.costsFen)}，` +
      `平台先行赔付受偿 ${f(p.platformAdvancesFen)}（债权 ${f(claims.platformAdvancesFen)}），` +
      `消费者债权合计 ${f(consumersTotal)}。您的债权 ${f(claimFen)}，分得 ${f(shareFen)}（按最大余数法精确到分）。`,
    en:
      `${f(recovered)} was recovered. Rule: ${reading.en}. Costs ${f(p.costsFen)}; ` +
      `platform advances repaid ${f(p.platformAdvancesFen)} of ${f(claims.platformAdvancesFen)}; ` +
      `consumers' claims total ${f(consumersTotal)}. Your claim ${f(claimFen)}; your share ${f(shareFen)} (largest remainder, exact to the fen).`,
  };
}
