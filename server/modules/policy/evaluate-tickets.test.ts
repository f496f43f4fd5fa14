import { describe, expect, it } from 'vitest';
import { DomainError } from '../../http/errors.js';
import type { TicketFacts } from './facts.js';
import { eventTicketsPack as pack } from './packs/index.js';
import { admissible, eventAt, factsOf, orderOf, rejected, run, sh, variant } from './policy-fixtures.js';

// A ¥500 ticket + ¥30 tax + ¥20 service fee for an event on Saturday 2026-06-20 19:30, N = 7 days.
const event = eventAt('2026-06-20 19:30');
const order = orderOf('tickets', 50_000n, { taxFen: 3_000n, serviceFeeFen: 2_000n, event });
const ask = (filedAt: string, ticket: TicketFacts = {}, now?: string) =>
  run(factsOf('ticket_refund', filedAt, { ticket }), order, pack, now ? sh(now) : undefined);

describe('tickets: ordinary refunds (seed 000 §2.1)', () => {
  it('refunds face value + tax (+ the fee when the page is silent) at once up to N days before the start day (§2.1 a)', () => {
    const [r] = admissible(ask('2026-06-13 23:00')).remedies;
    expect(r).toMatchObject({ outcome: 'refund', refundFen: 55_000n, clauses: ['31huiyi §2.1 a)'] });
    expect(r?.funding).toEqual([{ source: 'escrow', fen: 55_000n }]);
    expect(admissible(ask('2026-06-13 23:00', { serviceFeeRefundable: false })).remedies[0]?.refundFen).toBe(
      53_000n,
    );
  });

  it('reads "N 日前" strictly when the pack says so: the day N days before is then out', () => {
    const strict = variant(pack, (d) => {
      d.settings.standardRefundLastDay.value = 'day_before_that';
    });
    const onTheDay = run(factsOf('ticket_refund', '2026-06-13 10:00'), order, strict);
    expect(admissible(onTheDay).remedies[0]?.clauses[0]).toBe('31huiyi §2.1 b)');
    expect(
      admissible(run(factsOf('ticket_refund', '2026-06-12 23:00'), order, strict)).remedies[0]?.clauses[0],
    ).toBe('31huiyi §2.1 a)');
  });

  it('keeps the fee when the page is silent if the pack says so', () => {
    const keep = variant(pack, (d) => {
      d.settings.serviceFeeWhenPageSilent.value = 'keep';
    });
    expect(
      admissible(run(factsOf('ticket_refund', '2026-06-01 10:00'), order, keep)).remedies[0]?.refundFen,
    ).toBe(53_000n);
  });

  it('uses the event’s own N', () => {
    const tenDays = orderOf('tickets', 50_000n, {
      event: eventAt('2026-06-20 19:30', { refundWindowDays: 10 }),
    });
    const result = admissible(run(factsOf('ticket_refund', '2026-06-11 10:00'), tenDays, pack));
    expect(result.remedies[0]?.clauses[0]).toBe('31huiyi §2.1 b)');
  });

  it('passes a later request to the organizer, who decides (§2.1 b)', () => {
    const [r] = admissible(ask('2026-06-14 10:00')).remedies;
    expect(r).toMatchObject({
      outcome: 'refund',
      refundFen: 55_000n,
      pendingFindings: ['organizer_agreed'],
      clauses: ['31huiyi §2.1 b)'],
    });
  });

  it('refunds minus the organizer’s deduction within 3 working days of its confirmation (§2.1 b)', () => {
    const decision = { agreed: true, deductionFen: 11_000n, confirmedAt: sh('2026-06-15 10:00') };
    const result = admissible(ask('2026-06-14 10:00', { organizerDecision: decision }));
    expect(result.remedies[0]?.refundFen).toBe(44_000n);
    expect(result.remedies[0]?.lines.map((l) => [l.kind, l.fen])).toEqual([
      ['refund', 44_000n],
      ['deduction', 11_000n],
    ]);
    // 端午 (6/19) falls in between: Mon 6/15 + 3 working days = Thu 6/18.
    expect(result.deadlines.find((d) => d.kind === 'conditional_refund_payout')).toMatchObject({
      date: '2026-06-18',
      owner: 'platform',
    });
    const capped = variant(pack, (d) => {
      d.amounts.conditionalDeductionCap.basisPoints = 1_000;
    });
    const cappedResult = run(
      factsOf('ticket_refund', '2026-06-14 10:00', { ticket: { organizerDecision: decision } }),
      order,
      capped,
    );
    expect(admissible(cappedResult).remedies[0]?.refundFen).toBe(49_500n);
    const refused = ask('2026-06-14 10:00', { organizerDecision: { ...decision, agreed: false } });
    expect(admissible(refused).remedies[0]?.outcome).toBe('rejection');
  });

  it('takes no request once the event has started', () => {
    expect(rejected(ask('2026-06-20 20:00')).reasons[0]).toMatchObject({
      clause: '31huiyi §2.1 b)',
      code: 'after_event_start',
    });
  });

  it.each([
    [{ priorConditionalRefund: true }, 'one_conditional_refund'],
    [{ repurchaseAfterConditionalRefund: true }, 'repurchase_after_conditional_refund'],
  ])('one conditional refund per order, none after buying again (§2.1 c): %o', (ticket, code) => {
    expect(rejected(ask('2026-06-14 10:00', ticket)).reasons[0]).toMatchObject({
      clause: '31huiyi §2.1 c)',
      code,
    });
  });

  it('refuses an event whose N is below 7 days, and a ticket order without its event', () => {
    const short = orderOf('tickets', 50_000n, {
      event: eventAt('2026-06-20 19:30', { refundWindowDays: 6 }),
    });
    expect(() => run(factsOf('ticket_refund', '2026-06-01 10:00'), short, pack)).toThrow(DomainError);
    expect(() => run(factsOf('ticket_refund', '2026-06-01 10:00'), orderOf('tickets', 1n), pack)).toThrow(
      /event/,
    );
  });
});

describe('tickets: cancellation (seed 000 §2.2, §2.4)', () => {
  const cancelled = {
    cause: 'organizer' as const,
    announcedAt: sh('2026-06-01 10:00'),
    planConfirmedAt: sh('2026-06-03 10:00'),
  };

  it('refunds everything paid; plan in 2 working days, refund within 48 hours of it (§2.2 a)', () => {
    const result = admissible(ask('2026-06-02 10:00', { cancellation: cancelled }));
    expect(result.remedies[0]).toMatchObject({ refundFen: 55_000n, clauses: ['31huiyi §2.2 a)'] });
    expect(result.deadlines.map((d) => [d.kind, d.date, d.owner])).toEqual([
      ['acceptance', '2026-06-03', 'platform'],
      ['cancellation_plan', '2026-06-03', 'respondent'],
      ['cancellation_refund', '2026-06-05', 'platform'],
    ]);
    expect(result.deadlines[2]?.dueAt).toEqual(sh('2026-06-05 10:00'));
  });

  it('treats an event marked cancelled as cancelled by the organizer', () => {
    const marked = orderOf('tickets', 50_000n, {
      event: eventAt('2026-06-20 19:30', { status: 'cancelled' }),
    });
    expect(
      admissible(run(factsOf('ticket_refund', '2026-06-19 10:00'), marked, pack)).remedies[0]?.refundFen,
    ).toBe(50_000n);
  });

  it('needs paper tickets back within 7 days at the organizer’s cost, or the refund is waived (§2.2 b)', () => {
    const paper = { cancellation: cancelled, physicalTicket: true, returnGuidanceAt: sh('2026-06-02 10:00') };
    const pending = admissible(ask('2026-06-02 10:00', paper, '2026-06-05 10:00'));
    expect(pending.remedies[0]).toMatchObject({
      refundFen: 55_000n,
      returnGoods: true,
      returnFreightPayer: 'respondent',
    });
    expect(pending.deadlines.find((d) => d.kind === 'physical_ticket_return')).toMatchObject({
      date: '2026-06-09',
      owner: 'claimant',
    });
    const late = admissible(ask('2026-06-02 10:00', paper, '2026-06-10 10:00'));
    expect(late.remedies[0]).toMatchObject({ outcome: 'rejection', clauses: ['31huiyi §2.2 b)'] });
    const back = admissible(
      ask(
        '2026-06-02 10:00',
        { ...paper, physicalTicketReturnedAt: sh('2026-06-08 10:00') },
        '2026-06-10 10:00',
      ),
    );
    expect(back.remedies[0]?.refundFen).toBe(55_000n);
  });

  const majeure = {
    cause: 'force_majeure' as const,
    announcedAt: sh('2026-06-01 10:00'),
    nonRefundableCostFen: 8_000n,
    costsDocumented: true,
  };

  it('deducts documented non-refundable costs and refunds within 15 working days (§2.4 a–b)', () => {
    const result = admissible(ask('2026-06-02 10:00', { cancellation: majeure }));
    expect(result.remedies[0]?.refundFen).toBe(47_000n);
    expect(result.remedies[0]?.lines.find((l) => l.kind === 'deduction')).toMatchObject({
      fen: 8_000n,
      clause: '31huiyi §2.4 b)',
    });
    expect(result.deadlines.find((d) => d.kind === 'force_majeure_refund')).toMatchObject({
      date: '2026-06-23',
      clause: '31huiyi §2.4 a)',
    });
  });

  it('deducts nothing the organizer did not document, and sends a disputed deduction to mediation or arbitration (§2.4 b)', () => {
    const undocumented = admissible(
      ask('2026-06-02 10:00', { cancellation: { ...majeure, costsDocumented: false } }),
    );
    expect(undocumented.remedies[0]?.refundFen).toBe(55_000n);
    expect(undocumented.notes[0]?.code).toBe('costs_undocumented');
    const disputed = admissible(
      ask('2026-06-02 10:00', { cancellation: { ...majeure, deductionDisputed: true } }),
    );
    expect(disputed.referrals.map((r) => r.to)).toEqual(['third_party_mediation', 'arbitration']);
  });

  it('lets insurance pay first and, when insured, the organizer top up to face value (§2.4 c)', () => {
    const result = admissible(ask('2026-06-02 10:00', { cancellation: majeure, insurancePaidFen: 20_000n }));
    expect(result.remedies[0]?.refundFen).toBe(50_000n);
    expect(result.remedies[0]?.funding).toEqual([
      { source: 'cancellation_insurance', fen: 20_000n },
      { source: 'escrow', fen: 30_000n },
    ]);
  });

  it('pays from the organizer once the ticket money was paid out, 3 working days after the event (§(三)1)', () => {
    const result = admissible(ask('2026-06-02 10:00', { cancellation: cancelled }, '2026-06-25 10:00'));
    expect(result.remedies[0]?.funding).toEqual([{ source: 'respondent', fen: 55_000n }]);
  });
});

describe('tickets: postponement (seed 000 §2.3)', () => {
  const first = { kind: 'postponed' as const, announcedAt: sh('2026-06-01 10:00') };

  it('refunds in full within 3 days of the announcement (§2.3 a)', () => {
    const [r] = admissible(ask('2026-06-04 20:00', { changes: [first] })).remedies;
    expect(r).toMatchObject({ refundFen: 55_000n, clauses: ['31huiyi §2.3 a)'] });
  });

  it('deems the new date accepted afterwards; the ordinary rules apply to it', () => {
    const result = admissible(ask('2026-06-05 10:00', { changes: [first] }));
    expect(result.remedies[0]?.clauses[0]).toBe('31huiyi §2.1 a)');
    expect(result.notes.map((n) => n.code)).toEqual(['deemed_accepted_new_date']);
  });

  it('gives the same right once more for each further change (§2.3 b)', () => {
    const second = { kind: 'rescheduled' as const, announcedAt: sh('2026-06-08 10:00') };
    expect(admissible(ask('2026-06-10 10:00', { changes: [first, second] })).remedies[0]?.clauses[0]).toBe(
      '31huiyi §2.3 b)',
    );
  });

  it('gives no postponement right to a holder who can attend the new date', () => {
    const result = admissible(ask('2026-06-02 10:00', { changes: [first], canAttendNewDate: true }));
    expect(result.remedies[0]?.clauses[0]).toBe('31huiyi §2.1 a)');
  });
});
