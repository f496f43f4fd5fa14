import type { FastifyInstance } from 'fastify';
import { transact } from '../audit/index.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { DomainError, invalidField } from '../../http/errors.js';
import { findUser } from '../accounts/accounts.repo.js';
import { PageQuerySchema, decodeCursor, pageSchema, toPage } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { actorOf, type Principal } from '../accounts/principal.js';
import { ACTIONS, type Action } from './case-lifecycle.js';
import { actorRefOf, mayPostWith } from './case-access.js';
import { CaseDetailSchema, CaseSummarySchema, presentCaseSummary } from './case-presenter.js';
import {
  getVisibleCase,
  loadCaseDetail,
  presentFiledCase,
  readCasePage,
  claimantRefOf,
} from './case-queries.js';
import { CasePageCache } from './case-page-cache.js';
import { recordCaseEvent } from './case-records.js';
import { ACTION_PAYLOADS, CATEGORIES, MakeOfferBodySchema, OpenCaseBodySchema } from './case-schemas.js';
import { makeOffer, rejectOffer } from './offers.js';
import { EvidenceRequestBodySchema, requestEvidence } from './evidence-requests.js';
import { caseCursorKey, listCases, lockCase, type CaseFilter } from './cases.repo.js';
import { STAGES } from './case-stages.js';
import { TEAMS } from '../../../common/roles.js';
import { caseMessages, cases } from './cases.table.js';
import { IntakeBatcher } from './intake-batcher.js';
import { casePolicyResolver } from './case-policy.js';
import { policyStoreOf } from '../policy/index.js';
import { exportCaseFile } from './export-case.js';
import { enqueueJobs } from '../jobs/jobs.js';
import { applyAction } from './take-action.js';
import { and, eq } from 'drizzle-orm';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const QUEUES = ['new', 'due_soon', 'breached', 'mine', 'appeals', 'open', 'priority', 'all'] as const;
const QUEUE_STAGES: Partial<Record<(typeof QUEUES)[number], string[]>> = {
  new: ['acceptance_review'],
  appeals: ['appeal_review'],
};

/** Cases: filing, reading (per viewer), lifecycle actions, messages, assignment, queues. */
export async function casesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, calendars, pii } = app.deps;
  const db = database.db;
  const ctxFor = async (p: Principal, requestId: string) => ({
    now: clock.now(),
    calendar: await calendars.forTenant(p.tenantId),
    requestId,
  });
  // Filings that arrive together are written together (group commit); drained before the database closes.
  // PGlite has one connection: a second transaction in flight could not overlap, only split the batch.
  const intake = new IntakeBatcher(db, { maxInFlight: database.kind === 'pglite' ? 1 : 2 });
  app.addHook('onClose', () => intake.drain());
  const casePages = new CasePageCache(app.deps.config.casePageCacheBytes);

  r.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'File a refund request or a complaint',
        body: OpenCaseBodySchema,
        response: { 201: CaseDetailSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'case:file');
      const claimant = claimantRefOf(p, request.body.claimantExternalId);
      const channel = p.kind === 'api_key' ? 'api' : p.role === 'agent' ? 'hotline' : 'web';
      const filedBy = {
        kind: 'claimant' as const,
        userId: p.kind === 'user' ? p.userId : null,
        snapshot: actorOf(p),
      };
      const filed = await intake.file({
        tenantId: p.tenantId,
        claimant,
        channel,
        filedBy,
        body: request.body,
        ctx: await ctxFor(p, request.id),
        policy: casePolicyResolver(await policyStoreOf(db).forTenant(p.tenantId)),
      });
      return reply.status(201).send(await presentFiledCase(db, pii, p, filed));
    },
  );

  r.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Cases visible to the caller; staff queues: new, due_soon, breached, mine, appeals, priority (fast track first, then due soonest)',
        querystring: PageQuerySchema.extend({
          queue: z.enum(QUEUES).default('all'),
          stage: z.enum(STAGES).optional(),
          category: z.enum(CATEGORIES).optional(),
          merchantId: z.string().max(64).optional(),
          assigneeId: z.string().max(64).optional(),
          team: z.enum(TEAMS).optional(),
          /** The "due soon" horizon (hours from now). */
          dueWithinHours: z.coerce
            .number()
            .int()
            .min(1)
            .max(24 * 30)
            .default(24),
          sort: z.enum(['newest', 'priority']).optional(),
        }).strict(),
        response: { 200: pageSchema(CaseSummarySchema) },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:read');
      const q = request.query;
      const filter: CaseFilter = {
        ...(q.category ? { category: q.category } : {}),
        ...(q.merchantId ? { respondentMerchantId: q.merchantId } : {}),
        ...(q.assigneeId ? { assigneeId: q.assigneeId } : {}),
        ...(q.team ? { team: q.team } : {}),
      };
      if (p.kind === 'user' && p.role === 'consumer') filter.claimantId = p.userId;
      if (p.kind === 'user' && p.role === 'merchant') filter.respondentMerchantId = p.merchantId ?? '-';
      filter.stages = q.stage ? [q.stage] : QUEUE_STAGES[q.queue];
      if (q.queue === 'mine' && p.kind === 'user') filter.assigneeId = p.userId;
      if (q.queue === 'open' || q.queue === 'priority') filter.open = true;
      if (q.queue === 'due_soon')
        filter.dueBefore = new Date(clock.now().getTime() + q.dueWithinHours * 3_600_000);
      if (q.queue === 'breached') filter.breached = true;
      filter.now = clock.now();
      const order = q.sort ?? (q.queue === 'priority' ? 'priority' : 'newest');
      const rows = await listCases(db, p.tenantId, filter, q.limit, decodeCursor(q.cursor), order);
      return toPage(rows, q.limit, caseCursorKey(order), presentCaseSummary);
    },
  );

  r.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'A case as the caller may see it: whose move, allowed actions, deadlines, timeline',
        description:
          'Answers with an ETag (private, no-cache): send it back in If-None-Match and an unchanged page is 304 ' +
          'with no body. The page is rendered once per change per viewer and process; who may see it and whether ' +
          'it changed are checked on every request.',
        params: IdParams,
        response: {
          200: CaseDetailSchema,
          304: z.null().describe('Not modified: the page you hold is current'),
        },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'case:read');
      const page = await readCasePage(db, pii, p, request.params.id, {
        cache: casePages,
        render: (detail) => reply.serialize(detail) as string,
        ifNoneMatch: request.headers['if-none-match'],
      });
      void reply.header('etag', page.etag).header('cache-control', 'private, no-cache');
      if (page.status === 304) return reply.code(304).send(null);
      // Already serialized (by the route's serializer, so the response check still ran when it was rendered).
      return reply.type('application/json; charset=utf-8').send(page.body as never);
    },
  );

  r.post(
    '/cases/:id/actions/:action',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Take a lifecycle action (only those listed in allowedActions succeed; others → 409 with the allowed list)',
        params: IdParams.extend({ action: z.enum(ACTIONS) }),
        body: z.object({ expectedVersion: z.number().int().positive().optional() }).catchall(z.unknown()),
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:read');
      const { viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer);
      const action: Action = request.params.action;
      const { expectedVersion, ...rest } = request.body;
      const payload: Record<string, unknown> = ACTION_PAYLOADS[action].strict().parse(rest);
      if (!actor || actor.kind === 'system')
        throw new DomainError('FORBIDDEN', { message: 'this caller only reads cases' });
      const ctx = await ctxFor(p, request.id);
      const updated = await transact(
        db,
        async (tx) => {
          const c = await lockCase(tx, p.tenantId, request.params.id);
          if (!c) throw new DomainError('NOT_FOUND');
          if (expectedVersion !== undefined && expectedVersion !== c.version) {
            throw new DomainError('CONFLICT', {
              userMessage: {
                zh: '案件已被他人更新，请刷新后重试',
                en: 'The case changed meanwhile; reload and try again',
              },
              extra: { version: c.version },
            });
          }
          return applyAction(tx, c, action, actor, payload, ctx);
          // Re-runnable whole: it reads the case afresh under its lock and keeps nothing outside the transaction.
        },
        { retryConflicts: true },
      );
      return loadCaseDetail(db, pii, p, updated);
    },
  );

  r.post(
    '/cases/:id/messages',
    {
      schema: {
        tags: ['cases'],
        summary: 'Post a message (visibility: all, claimant, respondent, staff = internal note)',
        params: IdParams,
        body: z
          .object({
            body: z.string().trim().min(1).max(5000),
            visibility: z.enum(['all', 'claimant', 'respondent', 'staff']).default('all'),
          })
          .strict(),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'case:read');
      const { c, viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer);
      if (!actor || !mayPostWith(viewer, request.body.visibility)) {
        throw new DomainError('FORBIDDEN', {
          userMessage: { zh: '不能以该可见范围发送消息', en: 'You may not post with that visibility' },
        });
      }
      const id = newId('msg', clock.now().getTime());
      await transact(db, async (tx) => {
        const now = clock.now();
        await tx.insert(caseMessages).values({
          id,
          tenantId: c.tenantId,
          caseId: c.id,
          author: { ...actor.snapshot, party: actor.kind },
          visibility: request.body.visibility,
          body: request.body.body,
          createdAt: now,
        });
        await recordCaseEvent(
          tx,
          c,
          {
            action: 'message',
            actor,
            from: null,
            to: null,
            visibility: request.body.visibility === 'staff' ? 'staff' : request.body.visibility,
            details: { messageId: id },
          },
          { now, requestId: request.id },
        );
      });
      return reply.status(201).send({ id });
    },
  );

  r.post(
    '/cases/:id/offers',
    {
      schema: {
        tags: ['cases'],
        summary: 'Make (or counter with) an offer in mediation',
        params: IdParams,
        body: MakeOfferBodySchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:read');
      const { viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer);
      if (!actor || !['claimant', 'respondent', 'handler', 'supervisor'].includes(actor.kind))
        throw new DomainError('FORBIDDEN');
      const ctx = await ctxFor(p, request.id);
      await transact(db, async (tx) =>
        makeOffer(tx, (await lockCase(tx, p.tenantId, request.params.id))!, actor, request.body, ctx),
      );
      const { c } = await getVisibleCase(db, p, request.params.id);
      return loadCaseDetail(db, pii, p, c);
    },
  );

  r.post(
    '/cases/:id/offers/:offerId/reject',
    {
      schema: {
        tags: ['cases'],
        summary: 'Reject the open offer of the other side',
        params: IdParams.extend({ offerId: z.string().max(64) }),
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:read');
      const { viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer);
      if (!actor) throw new DomainError('FORBIDDEN');
      const ctx = await ctxFor(p, request.id);
      await transact(db, async (tx) =>
        rejectOffer(
          tx,
          (await lockCase(tx, p.tenantId, request.params.id))!,
          actor,
          request.params.offerId,
          ctx,
        ),
      );
      const { c } = await getVisibleCase(db, p, request.params.id);
      return loadCaseDetail(db, pii, p, c);
    },
  );

  r.post(
    '/cases/:id/evidence-requests',
    {
      schema: {
        tags: ['cases'],
        summary: 'Ask a party for typed evidence by a due date (working days; 3 by default)',
        params: IdParams,
        body: EvidenceRequestBodySchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:investigate');
      const { viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer)!;
      const ctx = await ctxFor(p, request.id);
      await transact(db, async (tx) =>
        requestEvidence(tx, (await lockCase(tx, p.tenantId, request.params.id))!, actor, request.body, ctx),
      );
      const { c } = await getVisibleCase(db, p, request.params.id);
      return loadCaseDetail(db, pii, p, c);
    },
  );

  r.get(
    '/cases/:id/export',
    {
      schema: {
        tags: ['cases'],
        summary:
          'The case file for a court, arbitration or the regulator (JSON with an evidence manifest of SHA-256 hashes and a digest); audited',
        params: IdParams,
        querystring: z
          .object({
            purpose: z.string().trim().min(2).max(200),
            includeInternal: z.enum(['true', 'false']).default('false'),
          })
          .strict(),
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:investigate');
      const { c } = await getVisibleCase(db, p, request.params.id);
      return exportCaseFile(db, pii, c, {
        actor: actorOf(p),
        now: clock.now(),
        includeInternal: request.query.includeInternal === 'true',
        purpose: request.query.purpose,
        requestId: request.id,
      });
    },
  );

  r.post(
    '/cases/:id/supervision',
    {
      schema: {
        tags: ['cases'],
        summary: 'Complain about how the case is being handled (goes to the supervisors)',
        params: IdParams,
        body: z.object({ text: z.string().trim().min(5).max(2000) }).strict(),
        response: { 201: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'case:read');
      const { c, viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer);
      if (!actor) throw new DomainError('FORBIDDEN');
      const now = clock.now();
      await transact(db, async (tx) => {
        await recordCaseEvent(
          tx,
          c,
          {
            action: 'supervision_requested',
            actor,
            from: null,
            to: null,
            visibility: 'staff',
            details: { text: request.body.text },
          },
          { now, requestId: request.id },
        );
        await enqueueJobs(
          tx,
          [
            {
              tenantId: c.tenantId,
              kind: 'case.notify',
              dedupeKey: `supervision:${c.id}:${now.getTime()}:${actor.userId ?? ''}`,
              payload: {
                caseId: c.id,
                number: c.number,
                to: c.stage,
                notify: ['supervisors'],
                template: 'supervision',
              },
              runAt: now,
            },
          ],
          now,
        );
      });
      return reply.status(201).send({ ok: true as const });
    },
  );

  r.post(
    '/cases/:id/assign',
    {
      schema: {
        tags: ['cases'],
        summary: 'Assign (or reassign) a handler; the history stays on the timeline',
        params: IdParams,
        body: z.object({ assigneeId: z.string().min(1).max(64) }).strict(),
        response: { 200: CaseSummarySchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:accept');
      const { viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer)!;
      const now = clock.now();
      const assignee = await findUser(db, p.tenantId, request.body.assigneeId);
      if (!assignee || !['agent', 'handler', 'supervisor'].includes(assignee.role)) {
        throw invalidField('assigneeId', 'not_staff', {
          zh: '只能分派给本平台的客服或调解员',
          en: 'assign to an agent, handler or supervisor of this tenant',
        });
      }
      const updated = await transact(db, async (tx) => {
        const c = (await lockCase(tx, p.tenantId, request.params.id))!;
        const [row] = await tx
          .update(cases)
          .set({ assigneeId: request.body.assigneeId, version: c.version + 1, updatedAt: now })
          .where(and(eq(cases.id, c.id), eq(cases.version, c.version)))
          .returning();
        await recordCaseEvent(
          tx,
          row!,
          {
            action: 'assigned',
            actor,
            from: null,
            to: null,
            visibility: 'staff',
            details: { from: c.assigneeId, to: request.body.assigneeId },
          },
          { now, requestId: request.id },
        );
        return row!;
      });
      return presentCaseSummary(updated);
    },
  );
}
