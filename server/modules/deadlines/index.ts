/**
 * Deadlines and SLA clocks. Invariants:
 * - A deadline's `due_at` is derived from `starts_at`, its target (an explicit unit) and the pauses in its
 *   subject's status history; it is recomputed in the same transaction as any status change or calendar load.
 * - Firing (warning, breach) happens exactly once per deadline and due time: rows are claimed with
 *   FOR UPDATE SKIP LOCKED and each firing has a unique key in `deadline_events`.
 * - `deadline_events` is append-only; a breach is never erased, including the platform's own.
 * - The breach's consequence runs in the firing transaction (a hook of the subject's module) or as a queued
 *   job (`deadline.breached`, `deadline.warning`), so effect and record commit together.
 */
export { computeDue, nextFireAt, pausesFromHistory, type ComputedDue, type Pause } from './deadline-rules.js';
export { listDeadlinesOfSubject, statusHistory, type DeadlineRow } from './deadlines.repo.js';
export { deadlineEvents, deadlines, subjectStatuses, type DeadlineTarget } from './deadlines.table.js';
export {
  BREACH_ACTIONS,
  openDeadline,
  recomputeDeadlines,
  recomputePendingForTenant,
  recordSubjectStatus,
  settleDeadline,
  startSubjects,
  startSubjectsWrites,
  type BreachAction,
  type DeadlineOwner,
  type NewSubject,
  type OpenDeadlineInput,
} from './manage-deadlines.js';
export { sweepDeadlines, type BreachHooks, type SweepResult } from './sweep-deadlines.js';
export { DEFAULT_SLA_TARGETS, SlaTargetSchema, slaDeadlinesFor, type SlaTarget } from './sla-targets.js';
