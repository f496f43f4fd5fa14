/**
 * What a refund instruction (退款指令) does with each thing Accord learns about it. Pure: the refund-instruction
 * table and its sweep (issue #6) call this and store the result; nothing here does I/O or reads a clock.
 *
 * pending ──call──▶ sent ──callback/status──▶ succeeded | failed
 *    │  ╲ unknown outcome, retryable refusal          ▲
 *    │   ▶ retrying ──retry (same key)─────────────────┘
 *    └─ definite refusal ─▶ failed
 */

/** Where a refund instruction stands; `succeeded` and `failed` are final. */
export type RefundInstructionStatus = 'pending' | 'sent' | 'retrying' | 'succeeded' | 'failed';

/** Something Accord learnt about the instruction: from its own call, a callback, or getStatus. */
export type RefundObservation =
  | { type: 'accepted' }
  | { type: 'succeeded' }
  | { type: 'failed'; failureCode: string }
  /** ProviderRejectedError: the provider did nothing. */
  | { type: 'rejected'; code: string; retryable: boolean }
  /** ProviderUnknownOutcomeError: it may have happened. */
  | { type: 'unknown' }
  /** getStatus answered OPERATION_NOT_FOUND: the provider never recorded the key. */
  | { type: 'not_found' };

/** An instruction's state as far as the lifecycle cares. */
export type RefundInstructionState = { status: RefundInstructionStatus; attempts: number };

/**
 * The decision: the new state, when to try again (null: do not), and whether a person must look.
 * `changed` false means the observation was a duplicate or arrived out of order: acknowledge it, store nothing.
 */
export type RefundDecision = RefundInstructionState & {
  changed: boolean;
  nextAttemptAt: Date | null;
  failureCode?: string;
  /** Set when the facts contradict each other; the status is left alone and a person must reconcile. */
  anomaly?: string;
};

/** First retry delay; doubles per attempt. */
export const RETRY_BASE_MS = 30_000;
/**
 * Longest wait between attempts. Keeps re-issue after an outage far inside the 24 hours of seed 000 §4.2: the
 * first attempt after recovery happens at most this long after it.
 */
export const RETRY_CAP_MS = 15 * 60_000;
/** Re-issue deadline after a provider outage clears (seed 000 §4.2: 故障解除后 24 小时内补发退款). */
export const REISSUE_WITHIN_MS = 24 * 60 * 60_000;

/** Delay before attempt `attempts + 1`; `jitter` in [0, 1) spreads a mass re-issue over up to 20% more. */
export function retryDelayMs(attempts: number, jitter = 0): number {
  const exponential = RETRY_BASE_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20));
  return Math.round(Math.min(exponential, RETRY_CAP_MS) * (1 + 0.2 * jitter));
}

/** The latest time a refund delayed by an outage that cleared at `recoveredAt` may be re-issued. */
export function reissueDeadline(recoveredAt: Date): Date {
  return new Date(recoveredAt.getTime() + REISSUE_WITHIN_MS);
}

function isFinal(status: RefundInstructionStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/**
 * Applies an observation. Final states never change: a second `succeeded` is a duplicate callback, an
 * `accepted` after `succeeded` is a late response overtaken by its callback, and a `failed` after `succeeded`
 * (or the reverse) is an anomaly for a person, never a silent flip.
 */
export function decideRefund(
  state: RefundInstructionState,
  observation: RefundObservation,
  now: Date,
  jitter = 0,
): RefundDecision {
  const same = { ...state, changed: false, nextAttemptAt: null };
  const retry = (attempts: number): RefundDecision => ({
    status: 'retrying',
    attempts,
    changed: true,
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, jitter)),
  });
  if (isFinal(state.status)) {
    const contradicts =
      (observation.type === 'succeeded' && state.status === 'failed') ||
      (observation.type === 'failed' && state.status === 'succeeded');
    return contradicts
      ? { ...same, anomaly: `${observation.type} reported for a ${state.status} refund` }
      : same;
  }
  switch (observation.type) {
    case 'succeeded':
      return { status: 'succeeded', attempts: state.attempts, changed: true, nextAttemptAt: null };
    case 'failed':
      return {
        status: 'failed',
        attempts: state.attempts,
        changed: true,
        nextAttemptAt: null,
        failureCode: observation.failureCode,
      };
    case 'accepted':
      return state.status === 'sent'
        ? same
        : { status: 'sent', attempts: state.attempts, changed: true, nextAttemptAt: null };
    case 'unknown':
      // Not a failure: the provider may have paid. Only the same key may be sent again.
      return retry(state.attempts + 1);
    case 'not_found':
      // The provider accepted it once yet has no record: do not re-send blindly, a person must look.
      if (state.status === 'sent') return { ...same, anomaly: 'provider lost an accepted refund' };
      return { ...retry(state.attempts), nextAttemptAt: now };
    case 'rejected':
      if (observation.retryable) return retry(state.attempts + 1);
      // A key conflict says the provider holds a DIFFERENT request under our key, which may have been paid:
      // marking it failed would invite a re-issue under a new key, the double payment this module exists to
      // prevent.
      if (observation.code === 'IDEMPOTENCY_KEY_REUSED') {
        return { ...same, anomaly: 'provider holds a different request under this key' };
      }
      return {
        status: 'failed',
        attempts: state.attempts,
        changed: true,
        nextAttemptAt: null,
        failureCode: `REJECTED:${observation.code}`,
      };
  }
}
