import type { Db } from '../db/client.js';
import { findUserByUsername } from '../modules/accounts/accounts.repo.js';
import { SYSTEM_ACTOR } from '../modules/accounts/principal.js';
import { upsertConsumer } from '../modules/accounts/upsert-consumer.js';
import { transact } from '../modules/audit/index.js';
import { buildWorkCalendar } from '../modules/calendar/index.js';
import type { Action } from '../modules/cases/case-lifecycle.js';
import type { CATEGORIES } from '../modules/cases/case-schemas.js';
import { openCase } from '../modules/cases/open-case.js';
import type { CaseActorRef } from '../modules/cases/take-action.js';
import { actOnDemoCase, claimantActor } from './demo-actors.js';
import type { PiiCrypto } from '../modules/privacy/pii-crypto.js';
import { seedMeasuredDecisions } from './seed-decisions.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Category = (typeof CATEGORIES)[number];
type Who = 'claimant' | 'agent1' | 'handler1' | 'handler2' | 'reviewer1' | 'supervisor1' | 'system';
/** One step of a story: who acts, what they do and how many hours after the previous step. */
type Step = { after: number; by: Who; action: Action; payload?: Record<string, unknown> };

/** A deterministic generator (mulberry32), so every demo database tells the same story. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONSUMERS = [
  ['buyer-2001', '张伟'],
  ['buyer-2002', '刘芳'],
  ['buyer-2003', '陈磊'],
  ['buyer-2004', '杨静'],
  ['buyer-2005', '赵强'],
  ['buyer-2006', '黄丽'],
  ['buyer-2007', '周杰'],
  ['buyer-2008', '吴婷'],
  ['buyer-2009', '徐浩'],
  ['buyer-2010', '孙慧'],
] as const;

/** What people complain about, per merchant, with a title and the amount at stake (fen). */
const GRIEVANCES: { merchant: string; category: Category; title: string; fen: number }[] = [
  { merchant: 'm-youpin-digital', category: 'quality', title: '手机屏幕出现亮线', fen: 329_900 },
  { merchant: 'm-youpin-digital', category: 'not_as_described', title: '平板内存与详情页不符', fen: 259_900 },
  { merchant: 'm-youpin-digital', category: 'counterfeit', title: '充电器疑似非原装', fen: 14_900 },
  {
    merchant: 'm-youpin-digital',
    category: 'not_delivered',
    title: '显示签收但未收到智能手表',
    fen: 129_900,
  },
  { merchant: 'm-youpin-digital', category: 'quality', title: '蓝牙音箱充不进电', fen: 39_900 },
  { merchant: 'm-fresh-fruit', category: 'quality', title: '车厘子到货大量坏果', fen: 15_800 },
  { merchant: 'm-fresh-fruit', category: 'not_delivered', title: '生鲜订单超时未送达', fen: 8_900 },
  { merchant: 'm-fresh-fruit', category: 'not_as_described', title: '榴莲实际重量不足', fen: 19_900 },
  { merchant: 'm-galaxy-live', category: 'ticket_refund', title: '演出延期后无法退票', fen: 128_000 },
  { merchant: 'm-galaxy-live', category: 'ticket_refund', title: '退票手续费超出规定', fen: 68_000 },
  { merchant: 'm-galaxy-live', category: 'service_not_performed', title: '演出临时取消未通知', fen: 96_000 },
  { merchant: 'm-galaxy-live', category: 'price_raised_on_site', title: '现场加收服务费', fen: 5_000 },
  { merchant: 'm-hotpot', category: 'partly_performed', title: '团购套餐缺少菜品', fen: 4_000 },
  { merchant: 'm-hotpot', category: 'service_not_performed', title: '代金券到店被拒用', fen: 19_800 },
  { merchant: 'm-hotpot', category: 'price_raised_on_site', title: '到店后要求补差价', fen: 3_000 },
  { merchant: 'm-hotpot', category: 'other', title: '服务员态度恶劣', fen: 0 },
];

const REMEDY = { type: 'partial_refund', payer: 'respondent' } as const;
const CLAUSES = ['seed 001 处理决定', '消费者权益保护法 第二十四条'];

/**
 * The stories a case can tell, as steps with typical delays in hours (jittered per case). Late steps are
 * part of the picture: some acceptances take longer than the one working day the rules allow, and the
 * dashboard counts them as breaches.
 */
function storyOf(kind: number, amountFen: number, late: boolean): Step[] {
  const refund = { ...REMEDY, amountFen: String(Math.round(amountFen / 2)) };
  const accept: Step = {
    after: late ? 40 : 3,
    by: 'agent1',
    action: 'accept',
    payload: { expectedHandlingDays: 7 },
  };
  const decide = (after: number): Step[] => [
    {
      after,
      by: 'handler1',
      action: 'decide',
      payload: { text: '经核查，商家存在违约情形，应退还部分款项。', remedies: [refund], clauses: CLAUSES },
    },
    { after: 4, by: 'handler1', action: 'send_notice', payload: { channels: ['inbox'] } },
  ];
  const execute: Step = {
    after: 30,
    by: 'handler1',
    action: 'mark_executed',
    payload: { note: '退款已原路退回' },
  };
  switch (kind) {
    case 0: // mediated agreement
      return [
        accept,
        { after: 20, by: 'handler1', action: 'start_mediation' },
        {
          after: 50,
          by: 'handler1',
          action: 'mediation_agreed',
          payload: { agreement: '双方同意按订单金额的一半退款。', remedies: [refund] },
        },
        // The packs carry an agreement out at once (agreementExecution 'immediate'): no notice step, no appeal.
        execute,
      ];
    case 1: // platform decision, no appeal
      return [accept, ...decide(70), { after: 80, by: 'system', action: 'appeal_window_closed' }, execute];
    case 2: // appealed, upheld
    case 3: // appealed, revised
      return [
        accept,
        ...decide(90),
        { after: 30, by: 'claimant', action: 'appeal', payload: { reasons: '退款金额不足以弥补损失。' } },
        kind === 2
          ? {
              after: 60,
              by: 'reviewer1',
              action: 'uphold',
              payload: { text: '原处理决定认定事实清楚，维持。' },
            }
          : {
              after: 60,
              by: 'reviewer1',
              action: 'revise',
              payload: {
                text: '改为全额退款。',
                remedies: [{ ...REMEDY, type: 'full_refund', amountFen: String(amountFen) }],
              },
            },
        execute,
      ];
    case 4:
      return [{ after: 8, by: 'claimant', action: 'withdraw', payload: { reason: '商家已主动联系解决' } }];
    case 5:
      return [
        {
          after: late ? 36 : 5,
          by: 'agent1',
          action: 'not_accept',
          payload: { reason: '超出平台受理范围，建议向 12315 反映。', referral: '12315' },
        },
      ];
    case 6:
      return [
        accept,
        { after: 60, by: 'supervisor1', action: 'close', payload: { reason: '双方已线下和解' } },
      ];
    default:
      return [accept, { after: 30, by: 'handler2', action: 'refer_out', payload: { to: 'arbitration' } }];
  }
}

/**
 * Six weeks of history for the supervisor's dashboard: about eighty-five complaints from ten consumers against the
 * four demo merchants, filed on the web, by the marketplace's API and on the hotline, and taken through the
 * real use cases at past times — mediated, decided, appealed (upheld or revised), withdrawn, not accepted,
 * referred out, or still open where the story has not finished by now. Deadlines settle as they would have,
 * so late acceptances show as breaches; open cases past a due time are breached by the scheduler's first sweep.
 * Those sixty complaints name no order; two dozen more about orders are decided by the platform and measured
 * against the pack's recommendation (seed-decisions.ts), for the consistency report. Returns the cases filed.
 */
export async function seedDemoHistory(
  db: Db,
  pii: PiiCrypto,
  tenantId: string,
  merchantIds: Record<string, string>,
  now: Date,
): Promise<number> {
  const rand = random(20261123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const calendar = buildWorkCalendar();
  const staff = new Map<string, CaseActorRef>();
  for (const username of ['agent1', 'handler1', 'handler2', 'reviewer1', 'supervisor1'] as const) {
    const u = (await findUserByUsername(db, tenantId, username))!;
    const kind = u.role as CaseActorRef['kind'];
    staff.set(username, {
      kind,
      userId: u.id,
      snapshot: { type: 'user', id: u.id, role: u.role, name: u.displayName },
    });
  }
  const system: CaseActorRef = { kind: 'system', userId: null, snapshot: SYSTEM_ACTOR };
  const start = now.getTime() - 42 * DAY;
  const claimants = [];
  for (const [externalId, name] of CONSUMERS) {
    const { user } = await upsertConsumer(
      db,
      pii,
      { tenantId, actor: SYSTEM_ACTOR, now: new Date(start) },
      { externalId, displayName: name, pii: { realName: name } },
    );
    claimants.push(user);
  }

  const COUNT = 60;
  for (let i = 0; i < COUNT; i++) {
    // Filing times spread over six weeks, more of them lately, in waking hours (Shanghai 09–22).
    const day = Math.floor(Math.sqrt(rand()) * 41);
    const filedAt = new Date(
      start + day * DAY + (1 + Math.floor(rand() * 13)) * HOUR + Math.floor(rand() * 60) * 60_000,
    );
    const grievance = pick(GRIEVANCES);
    const claimant = pick(claimants);
    const r = rand();
    const channel = r < 0.58 ? 'web' : r < 0.85 ? 'api' : 'hotline';
    const filer = claimantActor(claimant);
    const c = await openCase(
      db,
      {
        tenantId,
        claimant: { id: claimant.id, externalId: claimant.externalId },
        channel,
        filedBy: channel === 'hotline' ? { ...filer, snapshot: staff.get('agent1')!.snapshot } : filer,
        body: {
          kind: 'complaint',
          respondentMerchantId: merchantIds[grievance.merchant]!,
          category: grievance.category,
          title: grievance.title,
          description: `${grievance.title}，多次联系商家未得到解决，请平台介入处理。`,
          requestedRemedy: grievance.fen === 0 ? 'apology' : 'full_refund',
          requestedAmountFen: BigInt(grievance.fen),
          urgent: false,
        },
      },
      { now: filedAt, calendar },
    );
    const story = storyOf(pick([0, 0, 0, 1, 1, 1, 2, 3, 4, 4, 5, 6, 7]), grievance.fen, rand() < 0.22);
    // Some cases move briskly, some drag on (busy weeks, slow parties).
    const pace = 0.4 + rand() * rand() * 2.6;
    let at = filedAt.getTime();
    for (const step of story) {
      at += step.after * HOUR * pace * (0.6 + rand() * 0.8);
      if (at > now.getTime() - HOUR) break; // the story has not got this far yet: the case stays open
      const actor = step.by === 'system' ? system : step.by === 'claimant' ? filer : staff.get(step.by)!;
      await transact(db, async (tx) =>
        actOnDemoCase(tx, tenantId, c.id, step.action, actor, step.payload ?? {}, {
          now: new Date(at),
          calendar,
        }),
      );
    }
  }
  const measured = await seedMeasuredDecisions(db, {
    tenantId,
    claimants,
    staff,
    rand: random(20261204),
    calendar,
    start,
    now,
  });
  return COUNT + measured;
}
