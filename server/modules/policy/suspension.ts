import type { WorkCalendar } from '../calendar/index.js';
import { lifecycleDeadline } from './evaluate.js';
import { reason } from './evaluation-context.js';
import type { PolicyPack } from './policy.schema.js';
import type { PolicyDeadline, Reason } from './result.js';

/** A party's court or police proceeding about the case (seed 002 §28). */
export type Proceeding = {
  kind: 'court' | 'police';
  /** When the party told the platform it goes to court or the police. */
  notifiedAt: Date;
  /** When it produced the court's or police's acceptance certificate (案件受理凭证). */
  certificateAt?: Date;
  /** When the court or police accepted the matter; defaults to the certificate's time. */
  acceptedAt?: Date;
  /** The police conclusion or the court's final judgment (终局裁判). */
  concludedAt?: Date;
};

/** Whether the case stays suspended, why, and until when the current wait runs (null: open-ended). */
export type SuspensionStatus = {
  state: 'suspended' | 'resume';
  reason: Reason;
  until: PolicyDeadline | null;
};

/**
 * seed 002 §28: no acceptance certificate within 7 working days of the notice → resume; police accepted but
 * no conclusion within 6 months → resume; a court accepted it → wait for the final judgment.
 */
export function suspensionStatus(
  p: Proceeding,
  policy: PolicyPack,
  calendar: WorkCalendar,
  now: Date,
): SuspensionStatus {
  const proof = lifecycleDeadline(policy, 'suspensionProof', p.notifiedAt, calendar, now);
  const late = p.certificateAt ? p.certificateAt.getTime() > proof.dueAt.getTime() : proof.overdue;
  if (late) {
    return {
      state: 'resume',
      reason: reason(
        proof.clause,
        'no_certificate',
        `未在 ${proof.date} 前提供案件受理凭证，恢复处理`,
        `No acceptance certificate by ${proof.date}: resume`,
      ),
      until: null,
    };
  }
  if (!p.certificateAt) {
    return {
      state: 'suspended',
      reason: reason(
        proof.clause,
        'awaiting_certificate',
        '等待案件受理凭证',
        'Waiting for the acceptance certificate',
      ),
      until: proof,
    };
  }
  if (p.kind === 'court') {
    const clause = policy.lifecycle.policeNoConclusion.clause;
    return p.concludedAt
      ? {
          state: 'resume',
          reason: reason(clause, 'final_judgment', '已有终局裁判', 'The final judgment is in'),
          until: null,
        }
      : {
          state: 'suspended',
          reason: reason(
            clause,
            'awaiting_judgment',
            '司法机关已受理，等待终局裁判',
            'Accepted by a court: waiting for the final judgment',
          ),
          until: null,
        };
  }
  const limit = lifecycleDeadline(
    policy,
    'policeNoConclusion',
    p.acceptedAt ?? p.certificateAt,
    calendar,
    now,
  );
  if (p.concludedAt) {
    return {
      state: 'resume',
      reason: reason(
        limit.clause,
        'police_concluded',
        '公安机关已给出调查结论或处理建议',
        'The police reached a conclusion',
      ),
      until: null,
    };
  }
  if (limit.overdue) {
    return {
      state: 'resume',
      reason: reason(
        limit.clause,
        'police_no_conclusion',
        `公安机关受理后六个月（至 ${limit.date}）未给出结论，恢复处理`,
        `No police conclusion within six months (by ${limit.date}): resume`,
      ),
      until: null,
    };
  }
  return {
    state: 'suspended',
    reason: reason(
      limit.clause,
      'awaiting_police',
      '公安机关已受理，等待调查结论',
      'Accepted by the police: waiting for a conclusion',
    ),
    until: limit,
  };
}
