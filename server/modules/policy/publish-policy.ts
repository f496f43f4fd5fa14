import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { newId } from '../../lib/ids.js';
import { appendAudit, transact, type ActorSnapshot } from '../audit/index.js';
import { tenants } from '../tenants/tenants.table.js';
import { parsePolicyPack, serializePolicyPack } from './pack-io.js';
import type { PolicyPack } from './policy.schema.js';
import { insertPolicyVersion, listPackVersions } from './policy.repo.js';
import {
  latestPackVersion,
  PACK_IDS,
  tenantPoliciesFrom,
  type PackVersion,
  type PolicyStore,
  type TenantPolicies,
} from './policy-store.js';
import { assertPublishable, checkPublishable, type PublishCheck } from './publish-check.js';

type Ctx = { actor: ActorSnapshot; now: Date; requestId?: string };

/**
 * Parses a candidate version sent as `{ pack }` for the pack named in the path.
 * @throws VALIDATION_FAILED with one field error per problem, paths under `pack.` (`pack.windows.…`)
 */
export function parseCandidate(packId: string, input: unknown): PolicyPack {
  let pack: PolicyPack;
  try {
    pack = parsePolicyPack(input);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError('VALIDATION_FAILED', {
      message: e.message,
      ...(e.userMessage ? { userMessage: e.userMessage } : {}),
      fields: e.fields.map((f) => ({ ...f, path: f.path ? `pack.${f.path}` : 'pack' })),
    });
  }
  if (pack.id !== packId || !PACK_IDS.includes(pack.id)) {
    throw new DomainError('VALIDATION_FAILED', {
      userMessage: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
      fields: [
        {
          path: 'pack.id',
          code: 'unknown_pack',
          message: {
            zh: `规则包编号须为 ${packId}，且为内置规则包之一（${PACK_IDS.join('、')}）`,
            en: `The pack id must be ${packId}, one of the built-in packs (${PACK_IDS.join(', ')})`,
          },
        },
      ],
    });
  }
  return pack;
}

/** The publish check of a candidate against the tenant's newest version of its pack and every earlier one. */
export function checkCandidate(
  policies: TenantPolicies,
  pack: PolicyPack,
  now: Date,
): PublishCheck & { previousVersion: number | null } {
  const history = (policies.get(pack.id) ?? []).map((v) => v.pack);
  const prev = latestPackVersion(policies, pack.id)?.pack ?? null;
  return { ...checkPublishable(prev, pack, { now, history }), previousVersion: prev?.version ?? null };
}

/**
 * Publishes a new version of a tenant's pack: validates it, runs the consumer-rights diff against the newest
 * version and refuses one that takes a right away from consumers unless it governs only orders placed after
 * it takes effect (seed 000 §五.1), stores it with its diff and audits it — one transaction, serialised per
 * tenant so two publications cannot both follow the same version.
 * @throws VALIDATION_FAILED (schema), UNPROCESSABLE (refused, with `problems` and `narrowing`), CONFLICT
 *   (that version number exists)
 */
export async function publishPolicyVersion(
  db: Db,
  store: PolicyStore,
  tenantId: string,
  pack: PolicyPack,
  ctx: Ctx,
): Promise<PackVersion> {
  const published = await transact(db, async (tx) => {
    await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
    const policies = tenantPoliciesFrom(await listPackVersions(tx, tenantId, pack.id));
    const history = (policies.get(pack.id) ?? []).map((v) => v.pack);
    const prev = latestPackVersion(policies, pack.id)!;
    if (history.some((p) => p.version === pack.version)) throw versionExists(pack.version);
    const check = assertPublishable(prev.pack, pack, { now: ctx.now, history });
    const row = await insertPolicyVersion(tx, {
      id: newId('pol', ctx.now.getTime()),
      tenantId,
      packId: pack.id,
      kind: pack.kind,
      scenario: pack.scenario,
      version: pack.version,
      effectiveFrom: new Date(pack.effectiveFrom),
      orderScope: pack.orderScope,
      pack: serializePolicyPack(pack) as Record<string, unknown>,
      previousVersion: prev.pack.version,
      rightsDiff: check.changes.map((c) => ({ ...c })),
      publishedBy: ctx.actor,
      publishedAt: ctx.now,
    });
    if (!row) throw versionExists(pack.version);
    await appendAudit(
      tx,
      {
        tenantId,
        actor: ctx.actor,
        action: 'policy.published',
        target: { type: 'policy_version', id: row.id },
        summary: {
          packId: pack.id,
          version: pack.version,
          previousVersion: prev.pack.version,
          effectiveFrom: pack.effectiveFrom,
          orderScope: pack.orderScope,
          changes: check.changes.length,
          narrowing: check.narrowing.map((c) => `${c.area}:${c.key}:${c.change}`),
        },
        requestId: ctx.requestId ?? null,
      },
      ctx.now,
    );
    return {
      pack,
      builtIn: false,
      previousVersion: prev.pack.version,
      rightsDiff: check.changes,
      publishedAt: row.publishedAt,
      publishedBy: row.publishedBy,
    } satisfies PackVersion;
  });
  store.invalidate(tenantId);
  return published;
}

function versionExists(version: number): DomainError {
  return new DomainError('CONFLICT', {
    userMessage: { zh: `第 ${version} 版已发布`, en: `Version ${version} is already published` },
    fields: [
      {
        path: 'pack.version',
        code: 'version_exists',
        message: { zh: '该版本号已存在', en: 'this version number exists' },
      },
    ],
  });
}
