import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { DomainError, invalidField } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { SYSTEM_ACTOR } from '../accounts/principal.js';
import { openDeadline, settleDeadline } from '../deadlines/index.js';
import { EvidenceTypeSchema } from '../evidence/index.js';
import { recordCaseEvent } from './case-records.js';
import type { CaseRow } from './cases.repo.js';
import { caseEvidenceRequests } from './cases.table.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

export type EvidenceRequestRow = typeof caseEvidenceRequests.$inferSelect;

export const EvidenceRequestBodySchema = z
  .object({
    from: z.enum(['claimant', 'respondent']),
    evidenceTypes: z.array(EvidenceTypeSchema).min(1).max(10),
    note: z.string().trim().max(2000).optional(),
    // seed 001 调查: the respondent is generally given 3 working days.
    workingDays: z.number().int().min(1).max(30).default(3),
  })
  .strict();
export type EvidenceRequestBody = z.infer<typeof EvidenceRequestBodySchema>;

const OPEN_FOR_EVIDENCE = new Set([
  'acceptance_review',
  'investigation',
  'mediation',
  'awaiting_decision',
  'appeal_review',
]);

/** Asks a party for typed evidence by a due date (a deadline owned by that party). @throws INVALID_TRANSITION */
export async function requestEvidence(
  tx: Db,
  c: CaseRow,
  actor: CaseActorRef,
  body: EvidenceRequestBody,
  ctx: ActionContext,
): Promise<EvidenceRequestRow> {
  if (!OPEN_FOR_EVIDENCE.has(c.stage)) {
    throw new DomainError('INVALID_TRANSITION', {
      userMessage: { zh: '当前阶段不能要求举证', en: 'Evidence cannot be requested at this stage' },
    });
  }
  const id = newId('req', ctx.now.getTime());
  const clause = 'koubei §21; seed 001 调查 (一般为3个工作日)';
  const deadline = await openDeadline(
    tx,
    {
      tenantId: c.tenantId,
      subject: { type: 'case', id: c.id },
      kind: 'evidence_request',
      owner: body.from,
      clause,
      startsAt: ctx.now,
      target: { unit: 'working_days', amount: body.workingDays },
      onBreach: 'default_decision',
    },
    { actor: actor.snapshot, now: ctx.now, calendar: ctx.calendar },
  );
  const [row] = (await tx
    .insert(caseEvidenceRequests)
    .values({
      id,
      tenantId: c.tenantId,
      caseId: c.id,
      requestedFrom: body.from,
      evidenceTypes: body.evidenceTypes,
      note: body.note ?? null,
      clause,
      status: 'open',
      deadlineId: deadline.id,
      createdBy: actor.snapshot,
      createdAt: ctx.now,
    })
    .returning()) as [EvidenceRequestRow];
  await recordCaseEvent(
    tx,
    c,
    {
      action: 'evidence_requested',
      actor,
      from: null,
      to: null,
      visibility: 'all',
      details: {
        requestId: id,
        from: body.from,
        evidenceTypes: body.evidenceTypes,
        dueAt: deadline.dueAt,
        note: body.note,
      },
    },
    ctx,
  );
  return row;
}

/**
 * Marks a request fulfilled when the requested party uploads evidence naming it (its deadline is met).
 * @throws VALIDATION_FAILED when the request is not this party's open request on this case
 */
export async function fulfilEvidenceRequest(
  tx: Db,
  c: CaseRow,
  actor: CaseActorRef,
  requestId: string,
  ctx: Pick<ActionContext, 'now' | 'requestId'>,
): Promise<void> {
  const [req] = await tx
    .select()
    .from(caseEvidenceRequests)
    .where(and(eq(caseEvidenceRequests.id, requestId), eq(caseEvidenceRequests.caseId, c.id)))
    .for('update');
  if (!req || req.requestedFrom !== actor.kind) {
    throw invalidField('requestId', 'unknown', {
      zh: '没有向您提出该举证要求',
      en: 'No such evidence request addressed to you',
    });
  }
  if (req.status !== 'open') return;
  await tx
    .update(caseEvidenceRequests)
    .set({ status: 'fulfilled', settledAt: ctx.now })
    .where(eq(caseEvidenceRequests.id, req.id));
  if (req.deadlineId)
    await settleDeadline(tx, c.tenantId, req.deadlineId, 'met', { actor: actor.snapshot, now: ctx.now });
}

/** The scheduler's consequence of silence: the request expires and the case goes on with the evidence it has. */
export async function expireEvidenceRequest(
  tx: Db,
  c: CaseRow,
  deadlineId: string,
  now: Date,
): Promise<void> {
  const [req] = await tx
    .update(caseEvidenceRequests)
    .set({ status: 'expired', settledAt: now })
    .where(and(eq(caseEvidenceRequests.deadlineId, deadlineId), eq(caseEvidenceRequests.status, 'open')))
    .returning();
  if (!req) return;
  const system = { kind: 'system' as const, userId: null, snapshot: SYSTEM_ACTOR };
  await recordCaseEvent(
    tx,
    c,
    {
      action: 'evidence_request_expired',
      actor: system,
      from: null,
      to: null,
      visibility: 'all',
      details: {
        requestId: req.id,
        from: req.requestedFrom,
        consequence:
          'decided on the evidence available (koubei §21: the platform judges the evidence it has)',
      },
    },
    { now },
  );
}

export async function listEvidenceRequests(db: Db, caseId: string): Promise<EvidenceRequestRow[]> {
  return db
    .select()
    .from(caseEvidenceRequests)
    .where(eq(caseEvidenceRequests.caseId, caseId))
    .orderBy(caseEvidenceRequests.createdAt, caseEvidenceRequests.id);
}
