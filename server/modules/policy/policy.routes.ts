import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { actorOf } from '../accounts/principal.js';
import {
  PackVersionDetailSchema,
  PackVersionSummarySchema,
  presentChange,
  presentPackVersion,
  presentPackVersionDetail,
  RightsChangeSchema,
} from './policy-presenter.js';
import {
  findPackVersion,
  latestPackVersion,
  PACK_IDS,
  packVersionInForce,
  policyStoreOf,
  type TenantPolicies,
} from './policy-store.js';
import { checkCandidate, parseCandidate, publishPolicyVersion } from './publish-policy.js';
import { diffConsumerRights } from './rights-diff.js';

const PackParams = z.object({ packId: z.string().min(1).max(64) });
const CandidateBody = z
  .object({
    pack: z
      .record(z.string(), z.unknown())
      .describe('A complete pack version (docs/domain/policies.md §1); fen as integers or digit strings'),
  })
  .strict();
const Problem = z.object({ code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) });
const DiffSchema = z.object({
  packId: z.string(),
  from: z.number().nullable(),
  to: z.number().nullable(),
  changes: z.array(RightsChangeSchema),
  narrowing: z.number(),
});
const CheckSchema = z.object({
  valid: z.literal(true),
  publishable: z.boolean(),
  previousVersion: z.number().nullable(),
  problems: z.array(Problem),
  changes: z.array(RightsChangeSchema),
  narrowing: z.number(),
});
const PACK_NOT_FOUND = { zh: '规则包或版本不存在', en: 'Policy pack or version not found' };

function versionsOf(policies: TenantPolicies, packId: string) {
  const list = PACK_IDS.includes(packId) ? policies.get(packId) : undefined;
  if (!list) throw notFound(PACK_NOT_FOUND);
  return list;
}

/**
 * Policy packs as versioned data (docs/domain/policies.md §8): read by staff, validated and published by an
 * admin. Publishing is audited and refuses a version that takes a right away from consumers unless it governs
 * only orders placed after it takes effect.
 */
export async function policyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;
  const db = database.db;
  const store = policyStoreOf(db);

  r.get(
    '/policy/packs',
    {
      schema: {
        tags: ['policy'],
        summary: 'Policy packs of the tenant with every version and the one in force now',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                packId: z.string(),
                kind: z.string(),
                scenario: z.string(),
                title: z.object({ zh: z.string(), en: z.string() }),
                inForce: z.number().nullable(),
                latest: z.number(),
                versions: z.array(PackVersionSummarySchema),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const p = authorize(request, 'policy:read');
      const policies = await store.forTenant(p.tenantId);
      const now = clock.now();
      return {
        items: PACK_IDS.map((packId) => {
          const versions = versionsOf(policies, packId);
          const latest = latestPackVersion(policies, packId)!;
          return {
            packId,
            kind: latest.pack.kind,
            scenario: latest.pack.scenario,
            title: latest.pack.title,
            inForce: packVersionInForce(policies, packId, now)?.pack.version ?? null,
            latest: latest.pack.version,
            versions: versions.map(presentPackVersion),
          };
        }),
      };
    },
  );

  r.get(
    '/policy/packs/:packId/versions/:version',
    {
      schema: {
        tags: ['policy'],
        summary:
          'One version of a pack: the pack data and its consumer-rights diff against the version before',
        params: PackParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
        response: { 200: PackVersionDetailSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'policy:read');
      const policies = await store.forTenant(p.tenantId);
      versionsOf(policies, request.params.packId);
      const v = findPackVersion(policies, request.params.packId, request.params.version);
      if (!v) throw notFound(PACK_NOT_FOUND);
      return presentPackVersionDetail(v);
    },
  );

  r.get(
    '/policy/packs/:packId/diff',
    {
      schema: {
        tags: ['policy'],
        summary: 'Consumer-rights diff between two versions of a pack (narrowing changes flagged)',
        params: PackParams,
        querystring: z
          .object({
            from: z.coerce.number().int().min(1).max(1_000_000),
            to: z.coerce.number().int().min(1).max(1_000_000),
          })
          .strict(),
        response: { 200: DiffSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'policy:read');
      const policies = await store.forTenant(p.tenantId);
      const { packId } = request.params;
      versionsOf(policies, packId);
      const from = findPackVersion(policies, packId, request.query.from);
      const to = findPackVersion(policies, packId, request.query.to);
      if (!from || !to) throw notFound(PACK_NOT_FOUND);
      const changes = diffConsumerRights(from.pack, to.pack);
      return {
        packId,
        from: from.pack.version,
        to: to.pack.version,
        changes: changes.map(presentChange),
        narrowing: changes.filter((c) => c.narrowing).length,
      };
    },
  );

  r.post(
    '/policy/packs/:packId/diff',
    {
      schema: {
        tags: ['policy'],
        summary: 'Consumer-rights diff of a candidate version against the version in force now',
        params: PackParams,
        body: CandidateBody,
        response: { 200: DiffSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'policy:read');
      const policies = await store.forTenant(p.tenantId);
      versionsOf(policies, request.params.packId);
      const candidate = parseCandidate(request.params.packId, request.body.pack);
      const inForce = packVersionInForce(policies, candidate.id, clock.now());
      const changes = inForce ? diffConsumerRights(inForce.pack, candidate) : [];
      return {
        packId: candidate.id,
        from: inForce?.pack.version ?? null,
        to: null,
        changes: changes.map(presentChange),
        narrowing: changes.filter((c) => c.narrowing).length,
      };
    },
  );

  r.post(
    '/policy/packs/:packId/validate',
    {
      schema: {
        tags: ['policy'],
        summary:
          'Validate a candidate version: schema errors as 400 field details, else the publish check (rights diff, problems)',
        params: PackParams,
        body: CandidateBody,
        response: { 200: CheckSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'policy:publish');
      const policies = await store.forTenant(p.tenantId);
      versionsOf(policies, request.params.packId);
      const candidate = parseCandidate(request.params.packId, request.body.pack);
      const check = checkCandidate(policies, candidate, clock.now());
      return {
        valid: true as const,
        publishable: check.publishable,
        previousVersion: check.previousVersion,
        problems: check.problems,
        changes: check.changes.map(presentChange),
        narrowing: check.narrowing.length,
      };
    },
  );

  r.post(
    '/policy/packs/:packId/versions',
    {
      schema: {
        tags: ['policy'],
        summary:
          'Publish a new version (audited). Refused (422) when it takes a right away from consumers for orders placed before it takes effect',
        params: PackParams,
        body: CandidateBody,
        response: { 201: PackVersionDetailSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'policy:publish');
      versionsOf(await store.forTenant(p.tenantId), request.params.packId);
      const candidate = parseCandidate(request.params.packId, request.body.pack);
      const published = await publishPolicyVersion(db, store, p.tenantId, candidate, {
        actor: actorOf(p),
        now: clock.now(),
        requestId: request.id,
      });
      return reply.status(201).send(presentPackVersionDetail(published));
    },
  );
}
