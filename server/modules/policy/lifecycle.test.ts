import { describe, expect, it } from 'vitest';
import { lifecycleDeadline, windowDeadline } from './evaluate.js';
import {
  BUILT_IN_PACKS,
  ecommerceLawPack,
  eventTicketsPack,
  koubeiVouchersPack,
  liveStreamingPack,
} from './packs/index.js';
import { calendar, sh } from './policy-fixtures.js';
import type { LifecycleKey } from './policy-parts.schema.js';
import { distributeRecovery } from './recovery-distribution.js';

// Thursday 2026-04-30 15:00: 劳动节 5/1–5/5 follows, Saturday 5/9 is a working day.
const FROM = sh('2026-04-30 15:00');

describe('complaint lifecycle periods (seed 001; seed 002 §28; 电商法 Art. 61–62)', () => {
  it.each<[LifecycleKey, string, string, string | null]>([
    ['acceptance', '2026-05-06', 'kumai §二 受理时间', null],
    ['supplement', '2026-05-08', 'kumai §二 初步审核·补充', 'auto_close'],
    ['refundRequestResponse', '2026-05-08', 'kumai §二 调查方式', 'hand_to_platform'],
    ['respondentReply', '2026-05-08', 'kumai §二 调查方式', 'default_decision'],
    ['mediation', '2026-05-13', 'kumai §二 调解期限', 'default_decision'],
    ['notice', '2026-05-06', 'kumai §二 结果反馈', null],
    ['appeal', '2026-05-08', 'kumai §二 复议申请', null],
    ['appealReview', '2026-05-11', 'kumai §二 复议申请', null],
    ['suspensionProof', '2026-05-13', 'koubei §28 ¶1', null],
    ['policeNoConclusion', '2026-10-30', 'koubei §28 ¶2', null],
  ])('%s from Thu 2026-04-30 ends on %s (%s), then %s', (key, date, clause, consequence) => {
    for (const pack of BUILT_IN_PACKS) {
      expect(lifecycleDeadline(pack, key, FROM, calendar, FROM)).toMatchObject({
        date,
        clause,
        consequence,
        overdue: false,
      });
    }
  });

  it('names the source of each consequence: silence on a refund request goes to the platform, silence on evidence is decided on the record', () => {
    expect(ecommerceLawPack.consequences.refundRequestSilence).toEqual({
      action: 'hand_to_platform',
      clause: '电商法 Art. 61',
    });
    expect(ecommerceLawPack.consequences.respondentSilence).toEqual({
      action: 'default_decision',
      clause: '电商法 Art. 62',
    });
  });

  it('extends calendar-day windows past a statutory holiday by default in every pack (民法典 Art. 203)', () => {
    for (const pack of BUILT_IN_PACKS)
      expect(pack.settings.extendPastHoliday).toEqual({ value: true, clause: '民法典 Art. 203' });
  });

  it('halves the first-response and solution targets on the fast track (seed 001 及时高效原则)', () => {
    expect(liveStreamingPack.fastTrack.slaOverrides.map((t) => [t.kind, t.target.amount])).toEqual([
      ['first_response', 12],
      ['solution', 36],
    ]);
  });
});

describe('event-ticket money periods (seed 000)', () => {
  it.each([
    ['organizerPayout', '2026-06-20 22:30', '2026-06-24', '31huiyi §(三)1', 'escrow'],
    ['refundReissue', '2026-06-01 10:00', '2026-06-02', '31huiyi §4.2', 'platform'],
    ['assistedRecoveryOverdue', '2026-06-05 10:00', '2026-06-16', '31huiyi §3.1 a)', 'respondent'],
  ])('%s from %s ends on %s (%s)', (key, from, date, clause, owner) => {
    expect(windowDeadline(eventTicketsPack, key, sh(from), calendar, sh(from))).toMatchObject({
      date,
      clause,
      owner,
    });
  });

  it('refuses a window the pack does not have', () => {
    expect(() => windowDeadline(eventTicketsPack, 'nope', FROM, calendar, FROM)).toThrow(/no window nope/);
  });
});

describe('recovered money (seed 000 §3.3 a–c)', () => {
  const claims = {
    costsFen: 10_000n,
    platformAdvancesFen: 30_000n,
    consumers: [
      { id: 'c1', claimFen: 40_000n },
      { id: 'c2', claimFen: 50_000n },
    ],
  };

  it('by default pays costs first, then the platform and consumers pro rata by claim (§3.3 c)', () => {
    expect(distributeRecovery(100_000n, claims, 'costs_first_then_pro_rata')).toEqual({
      costsFen: 10_000n,
      platformAdvancesFen: 22_500n,
      consumers: [
        { id: 'c1', fen: 30_000n },
        { id: 'c2', fen: 37_500n },
      ],
      surplusFen: 0n,
    });
  });

  it('can pay the platform’s advances before consumers instead (§3.3 a–b)', () => {
    expect(distributeRecovery(100_000n, claims, 'advances_and_costs_first')).toEqual({
      costsFen: 10_000n,
      platformAdvancesFen: 30_000n,
      consumers: [
        { id: 'c1', fen: 26_667n },
        { id: 'c2', fen: 33_333n },
      ],
      surplusFen: 0n,
    });
  });

  it('pays everyone in full when there is enough, leaving the surplus', () => {
    expect(distributeRecovery(200_000n, claims, 'costs_first_then_pro_rata').surplusFen).toBe(70_000n);
  });

  it('is the pack’s explicit setting, costs first then pro rata by default', () => {
    expect(eventTicketsPack.settings.recoveryDistribution).toEqual({
      value: 'costs_first_then_pro_rata',
      clause: '31huiyi §3.3',
    });
  });
});

describe('clauses quote their sources', () => {
  const quoteOf = (id: string) => BUILT_IN_PACKS.flatMap((p) => p.clauses).find((c) => c.id === id)?.quote;

  it.each([
    ['koubei §9', '如实描述,指商户应当对其所售服务及商品进行如实描述'],
    ['koubei §11', '不进行以增加信用或销量为目的的虚假交易'],
    ['koubei §13(一)', '“表面一致”,是指凭肉眼即可判断'],
    ['koubei §21', '有权单方判断证据的效力'],
    ['31huiyi §五.1', '修订后不得损害消费者原有合法权益'],
    ['31huiyi §2.4 c)', '主办方仍应就不足部分承担补充退款义务'],
    ['kumai §一 适用范围', '虚拟礼物、虚拟货币等'],
    ['pdd 第三条', '消费者可以申请拼多多介入处理'],
    ['消法 Art. 23 ¶2', '实际质量与表明的质量状况相符'],
    ['消法 Art. 25', '消费者有权自收到商品之日起七日内退货，且无需说明理由'],
  ])('%s quotes "%s"', (id, words) => {
    expect(quoteOf(id)).toContain(words);
  });

  it('settings cite the clause they resolve', () => {
    expect(koubeiVouchersPack.settings.postRedemptionMismatch).toEqual({
      value: 'hidden_only',
      clause: 'koubei §13(一)',
    });
    expect(eventTicketsPack.settings.forceMajeureWithInsurance.clause).toBe('31huiyi §2.4 c)');
  });
});
