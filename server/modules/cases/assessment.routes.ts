import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { DomainError, notFound } from '../../http/errors.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { transact } from '../audit/index.js';
import type { Principal } from '../accounts/principal.js';
import {
  EvaluationSchema,
  evaluate,
  packForCase,
  policyStoreOf,
  presentEvaluation,
} from '../policy/index.js';
import { actorRefOf } from './case-access.js';
import {
  assessCase,
  loadPolicyOrder,
  parseFacts,
  RecordedFactsSchema,
  recordCaseFacts,
  type Assessment,
} from './case-assessment.js';
import { getVisibleCase } from './case-queries.js';
import { CATEGORIES } from './case-schemas.js';
import { lockCase, type CaseRow } from './cases.repo.js';
import { decisionConsistency } from './decision-consistency.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const Text = z.object({ zh: z.string(), en: z.string() });
const PinnedSchema = z.object({
  id: z.string(),
  version: z.number(),
  kind: z.string(),
  effectiveFrom: z.string(),
  orderScope: z.string(),
  intervenedAt: z.string().nullable(),
});
const AssessmentSchema = z.object({
  pack: PinnedSchema.nullable(),
  facts: z.record(z.string(), z.unknown()),
  evaluation: EvaluationSchema.nullable(),
  unavailable: z.object({ code: z.string(), message: Text }).nullable(),
  policyCheck: z.record(z.string(), z.unknown()).nullable(),
});
const Tally = { decisions: z.number(), deviations: z.number() };

/**
 * The policy packs in the case lifecycle (docs/domain/policies.md §9): a consumer asks before filing whether
 * a claim is admissible and what it should bring; staff see the pinned pack's verdict and recommendation on
 * a case and record the facts it depends on; supervisors read how consistently decisions follow it.
 */
export async function assessmentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock, calendars } = app.deps;
  const db = database.db;
  const store = policyStoreOf(db);

  async function present(p: Principal, c: CaseRow) {
    const a: Assessment = await assessCase(
      db,
      c,
      { calendar: await calendars.forTenant(p.tenantId), now: clock.now() },
      await store.forTenant(p.tenantId),
    );
    return {
      pack: a.pack,
      facts: (c.details.facts ?? {}) as Record<string, unknown>,
      evaluation: a.evaluation ? presentEvaluation(a.evaluation) : null,
      unavailable: a.unavailable,
      policyCheck: (c.details.policyCheck ?? null) as Record<string, unknown> | null,
    };
  }

  r.post(
    '/cases/assess',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Before filing: is this claim admissible under the pack in force, and what would be recommended (fen, clauses)?',
        body: z
          .object({
            orderId: z.string().min(1).max(64),
            category: z.enum(CATEGORIES),
            facts: RecordedFactsSchema.default({}),
          })
          .strict(),
        response: { 200: EvaluationSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:file');
      const { orderId, category, facts } = request.body;
      const loaded = await loadPolicyOrder(db, p.tenantId, orderId);
      // A consumer asks about their own orders only; someone else's answers like a missing one.
      const mine = p.kind !== 'user' || p.role !== 'consumer' || loaded?.row.buyerExternalId === p.externalId;
      if (!loaded || !mine) throw notFound({ zh: '订单不存在', en: 'Order not found' });
      const now = clock.now();
      const version = packForCase(await store.forTenant(p.tenantId), loaded.row.scenario, {
        intervenedAt: now,
        orderPlacedAt: loaded.row.paidAt,
      });
      if (!version) {
        throw new DomainError('UNPROCESSABLE', {
          userMessage: { zh: '该类订单没有适用的规则包', en: 'No policy pack covers this kind of order' },
        });
      }
      const parsed = parseFacts(toJsonValue(facts) as Record<string, unknown>, category, now);
      const calendar = await calendars.forTenant(p.tenantId);
      return presentEvaluation(evaluate(parsed, loaded.order, version.pack, calendar, now));
    },
  );

  r.get(
    '/cases/:id/assessment',
    {
      schema: {
        tags: ['cases'],
        summary:
          "Staff: the pinned pack's admissibility verdict and recommended remedies for the case, the recorded facts and the decision's check",
        params: IdParams,
        response: { 200: AssessmentSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'policy:read');
      const { c } = await getVisibleCase(db, p, request.params.id);
      return present(p, c);
    },
  );

  r.put(
    '/cases/:id/facts',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Staff: record the facts the pack judges by (findings, goods, voucher, ticket…); answers the new assessment',
        params: IdParams,
        body: z
          .object({ facts: RecordedFactsSchema, expectedVersion: z.number().int().positive().optional() })
          .strict(),
        response: { 200: AssessmentSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'case:accept');
      const { viewer } = await getVisibleCase(db, p, request.params.id);
      const actor = actorRefOf(p, viewer)!;
      const now = clock.now();
      const updated = await transact(db, async (tx) => {
        const c = (await lockCase(tx, p.tenantId, request.params.id))!;
        if (request.body.expectedVersion !== undefined && request.body.expectedVersion !== c.version) {
          throw new DomainError('CONFLICT', { extra: { version: c.version } });
        }
        return recordCaseFacts(tx, c, request.body.facts, actor, { now, requestId: request.id });
      });
      return present(p, updated);
    },
  );

  r.get(
    '/cases/reports/consistency',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Supervisors: how often decisions deviate from the pack’s recommendation, by whom, in which category',
        querystring: z
          .object({
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
          })
          .strict(),
        response: {
          200: z.object({
            decisions: z.number(),
            deviations: z.number(),
            deviationsPerMille: z.number(),
            byDirection: z.record(z.string(), z.number()),
            byDecider: z.array(
              z.object({ userId: z.string().nullable(), name: z.string().nullable(), ...Tally }),
            ),
            byCategory: z.array(z.object({ category: z.string(), ...Tally })),
            recent: z.array(
              z.object({
                caseId: z.string(),
                number: z.string(),
                category: z.string(),
                decidedBy: z.string().nullable(),
                direction: z.string(),
                reason: z.string().nullable(),
                decidedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const p = authorize(request, 'report:read');
      const { from, to } = request.query;
      return decisionConsistency(db, p.tenantId, {
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      });
    },
  );
}
