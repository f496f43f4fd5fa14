import { describe, expect, it } from 'vitest';
import { ACTIONS, allowedActions, check, type Action, type CaseView } from './case-lifecycle.js';
import { STAGES, type CaseActor, type Stage } from './case-stages.js';

const ACTORS: CaseActor[] = [
  'claimant',
  'respondent',
  'agent',
  'handler',
  'reviewer',
  'supervisor',
  'system',
];

// Every allowed (stage, action) with who may take it and where it leads, written out from PRODUCT.md and the
// seeds independently of the table's structure. Anything not listed must be refused.
const ALLOWED = `
awaiting_merchant   agree_refund          respondent                      -> refund_agreed
awaiting_merchant   refuse_refund         respondent                      -> merchant_refused
awaiting_merchant   counter_offer         respondent                      -> counter_offered
awaiting_merchant   merchant_silent       system                          -> acceptance_review
awaiting_merchant   withdraw              claimant                        -> withdrawn
counter_offered     accept_counter_offer  claimant                        -> refund_agreed
counter_offered     reject_counter_offer  claimant                        -> merchant_refused
counter_offered     escalate_to_platform  claimant                        -> acceptance_review
counter_offered     withdraw              claimant                        -> withdrawn
merchant_refused    escalate_to_platform  claimant                        -> acceptance_review
merchant_refused    withdraw              claimant                        -> withdrawn
refund_agreed       mark_executed         handler,supervisor,system       -> closed
acceptance_review   accept                agent,handler,supervisor        -> investigation
acceptance_review   request_supplement    agent,handler,supervisor        -> awaiting_supplement
acceptance_review   not_accept            agent,handler,supervisor        -> not_accepted
acceptance_review   suspend               claimant,respondent,handler,supervisor -> suspended
acceptance_review   refer_out             handler,supervisor              -> referred_out
acceptance_review   withdraw              claimant                        -> withdrawn
awaiting_supplement supplement            claimant                        -> acceptance_review
awaiting_supplement supplement_expired    system                          -> closed_incomplete
awaiting_supplement suspend               claimant,respondent,handler,supervisor -> suspended
awaiting_supplement refer_out             handler,supervisor              -> referred_out
awaiting_supplement withdraw              claimant                        -> withdrawn
investigation       start_mediation       handler,supervisor              -> mediation
investigation       decide                handler,supervisor              -> decided
investigation       suspend               claimant,respondent,handler,supervisor -> suspended
investigation       refer_out             handler,supervisor              -> referred_out
investigation       withdraw              claimant                        -> withdrawn
investigation       close                 supervisor                      -> closed
mediation           mediation_agreed      handler,supervisor              -> execution
mediation           accept_offer          claimant,respondent             -> execution
mediation           end_mediation         handler,supervisor              -> awaiting_decision
mediation           mediation_expired     system                          -> awaiting_decision
mediation           suspend               claimant,respondent,handler,supervisor -> suspended
mediation           refer_out             handler,supervisor              -> referred_out
mediation           withdraw              claimant                        -> withdrawn
awaiting_decision   decide                handler,supervisor              -> decided
awaiting_decision   suspend               claimant,respondent,handler,supervisor -> suspended
awaiting_decision   refer_out             handler,supervisor              -> referred_out
awaiting_decision   withdraw              claimant                        -> withdrawn
awaiting_decision   close                 supervisor                      -> closed
decided             send_notice           handler,supervisor,system       -> appeal_window
decided             suspend               claimant,respondent,handler,supervisor -> suspended
decided             withdraw              claimant                        -> withdrawn
appeal_window       appeal                claimant,respondent             -> appeal_review
appeal_window       appeal_window_closed  system                          -> execution
appeal_window       suspend               claimant,respondent,handler,supervisor -> suspended
appeal_window       withdraw              claimant                        -> withdrawn
appeal_review       uphold                reviewer,supervisor             -> execution
appeal_review       revise                reviewer,supervisor             -> execution
appeal_review       suspend               claimant,respondent,handler,supervisor -> suspended
closed              rate                  claimant                        -> closed
not_accepted        rate                  claimant                        -> not_accepted
execution           mark_executed         handler,supervisor,system       -> closed
suspended           record_proof          handler,supervisor              -> suspended
suspended           resume                handler,supervisor              -> mediation
suspended           police_no_conclusion  system                          -> mediation
suspended           suspension_proof_missing system                       -> mediation
suspended           refer_out             handler,supervisor              -> referred_out
suspended           withdraw              claimant                        -> withdrawn
`;

// The table above is the default policy (agreementExecution 'immediate'). Under 'after_appeal_window' an
// agreement goes the way of a decision instead: decided → notice → appeal window → execution.
const AFTER_APPEAL_WINDOW: Partial<Record<`${Stage} ${Action}`, Stage>> = {
  'mediation mediation_agreed': 'decided',
  'mediation accept_offer': 'decided',
};

type Row = { stage: Stage; action: Action; actors: CaseActor[]; to: Stage };
const rows: Row[] = ALLOWED.trim()
  .split('\n')
  .map((line) => {
    const [stage, action, actors, , to] = line.trim().split(/\s+/);
    return {
      stage: stage as Stage,
      action: action as Action,
      actors: actors!.split(',') as CaseActor[],
      to: to as Stage,
    };
  });

const base: CaseView = {
  stage: 'acceptance_review',
  kind: 'complaint',
  silenceDefault: 'hand_to_platform',
  agreementExecution: 'immediate',
  decidedBy: 'usr_decider',
  suspendedFrom: 'mediation',
  suspendedFor: 'court',
  appealed: false,
  openOfferBy: 'mediator',
  proofRecorded: false,
  rated: false,
};

const EXECUTIONS = ['immediate', 'after_appeal_window'] as const;
const cells = EXECUTIONS.flatMap((agreementExecution) =>
  STAGES.flatMap((stage) =>
    ACTIONS.flatMap((action) => ACTORS.map((actor) => ({ agreementExecution, stage, action, actor }))),
  ),
);

describe('case lifecycle table', () => {
  it('lists only real stages and actions', () => {
    for (const r of rows) {
      expect(STAGES).toContain(r.stage);
      expect(ACTIONS).toContain(r.action);
      expect(STAGES).toContain(r.to);
    }
  });

  it.each(cells)('$agreementExecution: $stage × $action by $actor', (cell) => {
    const { agreementExecution, stage, action, actor } = cell;
    const listed = rows.find((r) => r.stage === stage && r.action === action);
    const override =
      agreementExecution === 'immediate' ? undefined : AFTER_APPEAL_WINDOW[`${stage} ${action}`];
    const row = listed && override ? { ...listed, to: override } : listed;
    const verdict = check({ ...base, stage, agreementExecution }, action, {
      kind: actor,
      userId: 'usr_someone',
    });
    if (!row) {
      expect(verdict).toMatchObject({ ok: false, reason: 'not_in_stage' });
    } else if (!row.actors.includes(actor)) {
      expect(verdict).toMatchObject({ ok: false, reason: 'not_your_action' });
    } else {
      expect(verdict).toEqual({ ok: true, to: row.to });
    }
  });

  it('auto-agrees or hands to the platform on merchant silence, as the policy says', () => {
    const c = { ...base, stage: 'awaiting_merchant' as const };
    expect(
      check({ ...c, silenceDefault: 'auto_agree' }, 'merchant_silent', { kind: 'system', userId: null }),
    ).toEqual({ ok: true, to: 'refund_agreed' });
    expect(check(c, 'merchant_silent', { kind: 'system', userId: null })).toEqual({
      ok: true,
      to: 'acceptance_review',
    });
  });

  it('refuses a review by the person who decided the case', () => {
    const c = { ...base, stage: 'appeal_review' as const };
    expect(check(c, 'uphold', { kind: 'supervisor', userId: 'usr_decider' })).toMatchObject({
      ok: false,
      reason: 'vetoed',
    });
    expect(check(c, 'uphold', { kind: 'reviewer', userId: 'usr_other' })).toEqual({
      ok: true,
      to: 'execution',
    });
  });

  it('allows one appeal only, and resumes a suspension where it stopped', () => {
    expect(
      check({ ...base, stage: 'appeal_window', appealed: true }, 'appeal', {
        kind: 'claimant',
        userId: null,
      }),
    ).toMatchObject({ ok: false, reason: 'vetoed' });
    expect(
      check({ ...base, stage: 'suspended', suspendedFrom: 'awaiting_decision' }, 'resume', {
        kind: 'handler',
        userId: null,
      }),
    ).toEqual({ ok: true, to: 'awaiting_decision' });
  });

  it('carries an agreement out at once, or after the appeal window, as the policy says', () => {
    const c = { ...base, stage: 'mediation' as const, openOfferBy: 'respondent' as const };
    const claimant = { kind: 'claimant' as const, userId: null };
    expect(check(c, 'accept_offer', claimant)).toEqual({ ok: true, to: 'execution' });
    expect(check({ ...c, agreementExecution: 'after_appeal_window' }, 'accept_offer', claimant)).toEqual({
      ok: true,
      to: 'decided',
    });
    // Under 'immediate' nobody is offered an appeal against their own agreement: execution has no appeal.
    expect(allowedActions({ ...c, stage: 'execution' }, claimant)).toEqual([]);
  });

  it('lets a party accept only the other side’s open offer', () => {
    const c = { ...base, stage: 'mediation' as const };
    expect(
      check({ ...c, openOfferBy: 'respondent' }, 'accept_offer', { kind: 'claimant', userId: null }),
    ).toEqual({ ok: true, to: 'execution' });
    expect(
      check({ ...c, openOfferBy: 'respondent' }, 'accept_offer', { kind: 'respondent', userId: null }),
    ).toMatchObject({ ok: false, reason: 'vetoed' });
    expect(
      check({ ...c, openOfferBy: null }, 'accept_offer', { kind: 'claimant', userId: null }),
    ).toMatchObject({ ok: false, reason: 'vetoed' });
  });

  it('tells each viewer exactly the actions they may take', () => {
    expect(allowedActions({ ...base, stage: 'appeal_window' }, { kind: 'claimant', userId: 'u' })).toEqual([
      'appeal',
      'suspend',
      'withdraw',
    ]);
    expect(allowedActions({ ...base, stage: 'appeal_window' }, { kind: 'respondent', userId: 'u' })).toEqual([
      'appeal',
      'suspend',
    ]);
    expect(allowedActions({ ...base, stage: 'closed' }, { kind: 'supervisor', userId: 'u' })).toEqual([]);
    expect(allowedActions({ ...base, stage: 'closed' }, { kind: 'claimant', userId: 'u' })).toEqual(['rate']);
    expect(
      allowedActions({ ...base, stage: 'closed', rated: true }, { kind: 'claimant', userId: 'u' }),
    ).toEqual([]);
  });
});
