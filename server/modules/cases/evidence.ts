import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { newId } from '../../lib/ids.js';
import { recordCaseEvent, type EventVisibility } from './case-records.js';
import type { CaseRow } from './cases.repo.js';
import { caseEvidence } from './cases.table.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

export type EvidenceRow = typeof caseEvidence.$inferSelect;

/** Records an uploaded file as evidence on a case (the file is already stored and hashed). */
export async function addEvidence(
  tx: Db,
  c: CaseRow,
  actor: CaseActorRef,
  file: {
    storageKey: string;
    sha256: string;
    size: number;
    mime: string;
    kind: string;
    originalName: string;
  },
  meta: {
    evidenceType: string;
    description: string | null;
    requestId: string | null;
    visibility: EventVisibility;
  },
  ctx: Pick<ActionContext, 'now' | 'requestId'>,
): Promise<EvidenceRow> {
  const [row] = (await tx
    .insert(caseEvidence)
    .values({
      id: newId('evd', ctx.now.getTime()),
      tenantId: c.tenantId,
      caseId: c.id,
      uploadedBy: { ...actor.snapshot, party: actor.kind },
      evidenceType: meta.evidenceType,
      description: meta.description,
      requestId: meta.requestId,
      visibility: meta.visibility,
      storageKey: file.storageKey,
      sha256: file.sha256,
      sizeBytes: file.size,
      mime: file.mime,
      kind: file.kind,
      originalName: file.originalName,
      createdAt: ctx.now,
    })
    .returning()) as [EvidenceRow];
  await recordCaseEvent(
    tx,
    c,
    {
      action: 'evidence_added',
      actor,
      from: null,
      to: null,
      visibility: meta.visibility,
      details: {
        evidenceId: row.id,
        evidenceType: row.evidenceType,
        sha256: row.sha256,
        size: row.sizeBytes,
        mime: row.mime,
      },
    },
    ctx,
  );
  return row;
}

export async function listEvidence(db: Db, caseId: string): Promise<EvidenceRow[]> {
  return db
    .select()
    .from(caseEvidence)
    .where(eq(caseEvidence.caseId, caseId))
    .orderBy(caseEvidence.createdAt, caseEvidence.id);
}
