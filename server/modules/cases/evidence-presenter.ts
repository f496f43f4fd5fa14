import { z } from 'zod';
import type { EvidenceRow } from './evidence.js';

export const EvidenceSchema = z.object({
  id: z.string(),
  evidenceType: z.string(),
  description: z.string().nullable(),
  requestId: z.string().nullable(),
  visibility: z.string(),
  uploadedBy: z.object({ name: z.string().nullable(), party: z.string().optional() }),
  sha256: z.string(),
  sizeBytes: z.number(),
  mime: z.string(),
  kind: z.string(),
  originalName: z.string(),
  createdAt: z.string(),
});

export function presentEvidence(e: EvidenceRow): z.infer<typeof EvidenceSchema> {
  return {
    id: e.id,
    evidenceType: e.evidenceType,
    description: e.description,
    requestId: e.requestId,
    visibility: e.visibility,
    uploadedBy: { name: e.uploadedBy.name, ...(e.uploadedBy.party ? { party: e.uploadedBy.party } : {}) },
    sha256: e.sha256,
    sizeBytes: e.sizeBytes,
    mime: e.mime,
    kind: e.kind,
    originalName: e.originalName,
    createdAt: e.createdAt.toISOString(),
  };
}
