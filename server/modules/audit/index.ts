/**
 * Audit trail. Invariants: every state change appends its event in the same transaction; events are never
 * updated or deleted (a database trigger refuses it); per tenant, `seq` runs 1, 2, 3… without gaps and each
 * event's `hash` covers its content and the previous event's hash, so `verifyAuditChain` detects any edit
 * or deletion.
 */
export {
  appendAudit,
  auditAppendSql,
  transact,
  verifyAuditChain,
  auditHash,
  GENESIS_HASH,
} from './audit.repo.js';
export type { AuditInput, AuditVerifyResult, AuditProblem, TimedAuditInput } from './audit.repo.js';
export { auditEvents, auditHeads } from './audit.table.js';
export type { ActorSnapshot } from './audit.table.js';
