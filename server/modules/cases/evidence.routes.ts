import type { FastifyInstance } from 'fastify';
import { transact } from '../audit/index.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { DomainError, invalidField, notFound } from '../../http/errors.js';
import { EvidenceTypeSchema, receiveEvidenceUpload } from '../evidence/index.js';
import { actorRefOf, mayPostWith, visibleTo } from './case-access.js';
import { getVisibleCase } from './case-queries.js';
import { isTerminal, type Stage } from './case-stages.js';
import { addEvidence, listEvidence } from './evidence.js';
import { fulfilEvidenceRequest } from './evidence-requests.js';
import { EvidenceSchema, presentEvidence } from './evidence-presenter.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const fieldValue = (fields: Record<string, unknown>, name: string): string | undefined => {
  const f = fields[name] as { type?: string; value?: unknown } | undefined;
  return f && f.type === 'field' && typeof f.value === 'string' && f.value !== '' ? f.value : undefined;
};

/** Evidence: multipart upload (type checked by content), listing and download with the headers a browser needs. */
export async function evidenceRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, evidence } = app.deps;
  const db = database.db;

  r.post(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Upload evidence (multipart: fields type, description?, visibility?, requestId?, then the file)',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: EvidenceSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'case:read');
      const { c, viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer);
      if (!actor) throw new DomainError('FORBIDDEN');
      if (isTerminal(c.stage as Stage))
        throw new DomainError('INVALID_TRANSITION', {
          userMessage: { zh: '案件已结束，不能再提交证据', en: 'The case is closed' },
        });
      if (!request.isMultipart())
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', {
          userMessage: { zh: '请以 multipart/form-data 上传', en: 'Upload as multipart/form-data' },
        });
      const part = await request.file();
      if (!part) throw invalidField('file', 'required', { zh: '请选择文件', en: 'Choose a file' });
      const type = EvidenceTypeSchema.safeParse(fieldValue(part.fields, 'type') ?? 'other');
      if (!type.success)
        throw invalidField('type', 'invalid_value', { zh: '证据类型不正确', en: 'Unknown evidence type' });
      const visibility = fieldValue(part.fields, 'visibility') ?? 'all';
      if (
        !['all', 'claimant', 'respondent', 'staff'].includes(visibility) ||
        !mayPostWith(viewer, visibility)
      ) {
        throw invalidField('visibility', 'not_allowed', {
          zh: '不能选择该可见范围',
          en: 'You may not choose that visibility',
        });
      }
      const file = await receiveEvidenceUpload(part, evidence, { evidenceType: type.data });
      const meta = {
        evidenceType: type.data,
        description: fieldValue(part.fields, 'description')?.slice(0, 1000) ?? null,
        requestId: fieldValue(part.fields, 'requestId') ?? null,
        visibility: visibility as 'all',
      };
      const ctx = { now: clock.now(), requestId: request.id };
      const row = await transact(db, async (tx) => {
        if (meta.requestId) await fulfilEvidenceRequest(tx, c, actor, meta.requestId, ctx);
        return addEvidence(tx, c, actor, file, meta, ctx);
      });
      return reply.status(201).send(presentEvidence(row));
    },
  );

  r.get(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['cases'],
        summary: 'Evidence the caller may see',
        params: IdParams,
        response: { 200: z.object({ items: z.array(EvidenceSchema) }) },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:read');
      const { c, viewer } = await getVisibleCase(db, p, request.params.id);
      const visible = visibleTo(viewer);
      return {
        items: (await listEvidence(db, c.id)).filter((e) => visible.has(e.visibility)).map(presentEvidence),
      };
    },
  );

  r.get(
    '/cases/:id/evidence/:evidenceId/content',
    {
      schema: {
        tags: ['cases'],
        summary: 'Download one evidence file (served as data, never as a page: nosniff + sandbox)',
        params: IdParams.extend({ evidenceId: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'case:read');
      const { c, viewer } = await getVisibleCase(db, p, request.params.id);
      const e = (await listEvidence(db, c.id)).find((x) => x.id === request.params.evidenceId);
      if (!e || !visibleTo(viewer).has(e.visibility))
        throw notFound({ zh: '证据不存在', en: 'Evidence not found' });
      const inline = e.kind === 'image' || e.kind === 'pdf' || e.kind === 'video' || e.kind === 'audio';
      reply
        .header('content-type', e.mime)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', 'sandbox')
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(e.originalName)}`,
        )
        .header('accept-ranges', 'bytes');
      const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), e.sizeBytes - 1) : e.sizeBytes - 1;
        if (start > end || start >= e.sizeBytes)
          return reply.status(416).header('content-range', `bytes */${e.sizeBytes}`).send();
        reply
          .status(206)
          .header('content-range', `bytes ${start}-${end}/${e.sizeBytes}`)
          .header('content-length', end - start + 1);
        return reply.send(await evidence.open(e.storageKey, { start, end }));
      }
      reply.header('content-length', e.sizeBytes);
      return reply.send(await evidence.open(e.storageKey));
    },
  );
}
