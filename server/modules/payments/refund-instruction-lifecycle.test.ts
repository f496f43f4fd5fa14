import { describe, expect, it } from 'vitest';
import {
  decideRefund,
  reissueDeadline,
  retryDelayMs,
  RETRY_BASE_MS,
  RETRY_CAP_MS,
  type RefundInstructionStatus,
  type RefundObservation,
} from './refund-instruction-lifecycle.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const ok: RefundObservation = { type: 'succeeded' };
const closed: RefundObservation = { type: 'failed', failureCode: 'ACCOUNT_CLOSED' };
const accepted: RefundObservation = { type: 'accepted' };
const unknown: RefundObservation = { type: 'unknown' };
const notFound: RefundObservation = { type: 'not_found' };
const invalid: RefundObservation = { type: 'rejected', code: 'EXCEEDS_REFUNDABLE', retryable: false };
const limited: RefundObservation = { type: 'rejected', code: 'RATE_LIMITED', retryable: true };
const conflict: RefundObservation = { type: 'rejected', code: 'IDEMPOTENCY_KEY_REUSED', retryable: false };

type Row = [
  RefundInstructionStatus,
  RefundObservation,
  RefundInstructionStatus,
  { changed: boolean; anomaly?: boolean },
];

// Every (status, observation) pair: what the instruction becomes, whether anything is stored, whether a person
// must look.
const TABLE: Row[] = [
  ['pending', accepted, 'sent', { changed: true }],
  ['pending', ok, 'succeeded', { changed: true }],
  ['pending', closed, 'failed', { changed: true }],
  ['pending', unknown, 'retrying', { changed: true }],
  ['pending', notFound, 'retrying', { changed: true }],
  ['pending', invalid, 'failed', { changed: true }],
  ['pending', limited, 'retrying', { changed: true }],
  ['pending', conflict, 'pending', { changed: false, anomaly: true }],
  ['sent', accepted, 'sent', { changed: false }],
  ['sent', ok, 'succeeded', { changed: true }],
  ['sent', closed, 'failed', { changed: true }],
  ['sent', unknown, 'retrying', { changed: true }],
  ['sent', notFound, 'sent', { changed: false, anomaly: true }],
  ['sent', invalid, 'failed', { changed: true }],
  ['sent', limited, 'retrying', { changed: true }],
  ['sent', conflict, 'sent', { changed: false, anomaly: true }],
  ['retrying', accepted, 'sent', { changed: true }],
  ['retrying', ok, 'succeeded', { changed: true }],
  ['retrying', closed, 'failed', { changed: true }],
  ['retrying', unknown, 'retrying', { changed: true }],
  ['retrying', notFound, 'retrying', { changed: true }],
  ['retrying', invalid, 'failed', { changed: true }],
  ['retrying', limited, 'retrying', { changed: true }],
  ['retrying', conflict, 'retrying', { changed: false, anomaly: true }],
  ['succeeded', accepted, 'succeeded', { changed: false }],
  ['succeeded', ok, 'succeeded', { changed: false }],
  ['succeeded', closed, 'succeeded', { changed: false, anomaly: true }],
  ['succeeded', unknown, 'succeeded', { changed: false }],
  ['succeeded', notFound, 'succeeded', { changed: false }],
  ['succeeded', invalid, 'succeeded', { changed: false }],
  ['succeeded', limited, 'succeeded', { changed: false }],
  ['succeeded', conflict, 'succeeded', { changed: false }],
  ['failed', accepted, 'failed', { changed: false }],
  ['failed', ok, 'failed', { changed: false, anomaly: true }],
  ['failed', closed, 'failed', { changed: false }],
  ['failed', unknown, 'failed', { changed: false }],
  ['failed', notFound, 'failed', { changed: false }],
  ['failed', invalid, 'failed', { changed: false }],
  ['failed', limited, 'failed', { changed: false }],
  ['failed', conflict, 'failed', { changed: false }],
];

describe('refund instruction lifecycle', () => {
  it.each(TABLE)('%s + %j → %s', (from, observation, to, expected) => {
    const decision = decideRefund({ status: from, attempts: 1 }, observation, NOW);
    expect(decision.status).toBe(to);
    expect(decision.changed).toBe(expected.changed);
    expect(decision.anomaly !== undefined).toBe(expected.anomaly ?? false);
  });

  it('never turns an unknown outcome into a failure, however many attempts', () => {
    let state = { status: 'sent' as RefundInstructionStatus, attempts: 1 };
    for (let i = 0; i < 50; i++) state = decideRefund(state, unknown, NOW);
    expect(state).toMatchObject({ status: 'retrying', attempts: 51 });
  });

  it('schedules retries with doubling delays capped at 15 minutes', () => {
    const delays = [1, 2, 3, 4, 5, 6, 30].map((n) => retryDelayMs(n));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, RETRY_CAP_MS, RETRY_CAP_MS]);
    expect(decideRefund({ status: 'pending', attempts: 0 }, unknown, NOW).nextAttemptAt).toEqual(
      new Date(NOW.getTime() + RETRY_BASE_MS),
    );
    expect(retryDelayMs(30, 0.999)).toBeLessThanOrEqual(RETRY_CAP_MS * 1.2);
  });

  it('re-sends at once when the provider never recorded the key', () => {
    expect(decideRefund({ status: 'retrying', attempts: 3 }, notFound, NOW).nextAttemptAt).toEqual(NOW);
  });

  it('records why a refusal failed the instruction', () => {
    expect(decideRefund({ status: 'pending', attempts: 0 }, invalid, NOW).failureCode).toBe(
      'REJECTED:EXCEEDS_REFUNDABLE',
    );
    expect(decideRefund({ status: 'sent', attempts: 1 }, closed, NOW).failureCode).toBe('ACCOUNT_CLOSED');
  });

  it('re-issues within 24 hours of recovery (seed 000 §4.2), the retry cap being far inside it', () => {
    const recovered = new Date('2026-10-01T23:30:00+08:00');
    expect(reissueDeadline(recovered).toISOString()).toBe('2026-10-02T15:30:00.000Z');
    expect(RETRY_CAP_MS * 1.2).toBeLessThan(24 * 3_600_000);
  });
});
