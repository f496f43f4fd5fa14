import { z } from 'zod';
import { FenSchema } from '../../../common/money.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import type { EvaluationResult } from './result.js';
import type { RightsChange } from './rights-diff.js';
import type { PackVersion } from './policy-store.js';

// Wire shapes of the policy API (docs/domain/policies.md §8): fen as digit strings, instants as ISO 8601.

const Text = z.object({ zh: z.string(), en: z.string() });
const Actor = z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() });

export const RightsChangeSchema = z.object({
  area: z.string(),
  key: z.string(),
  change: z.string(),
  narrowing: z.boolean(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  clause: z.string().nullable(),
  message: Text,
});

export const PackVersionSummarySchema = z.object({
  packId: z.string(),
  kind: z.string(),
  scenario: z.string(),
  version: z.number(),
  title: Text,
  effectiveFrom: z.string(),
  orderScope: z.string(),
  builtIn: z.boolean(),
  previousVersion: z.number().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: Actor.nullable(),
  narrowingChanges: z.number(),
});

export const PackVersionDetailSchema = PackVersionSummarySchema.extend({
  pack: z.record(z.string(), z.unknown()),
  rightsDiff: z.array(RightsChangeSchema),
});

export function presentPackVersion(v: PackVersion): z.infer<typeof PackVersionSummarySchema> {
  return {
    packId: v.pack.id,
    kind: v.pack.kind,
    scenario: v.pack.scenario,
    version: v.pack.version,
    title: v.pack.title,
    effectiveFrom: v.pack.effectiveFrom,
    orderScope: v.pack.orderScope,
    builtIn: v.builtIn,
    previousVersion: v.previousVersion,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    publishedBy: v.publishedBy
      ? { type: v.publishedBy.type, id: v.publishedBy.id, name: v.publishedBy.name }
      : null,
    narrowingChanges: v.rightsDiff.filter((c) => c.narrowing).length,
  };
}

export function presentPackVersionDetail(v: PackVersion): z.infer<typeof PackVersionDetailSchema> {
  return {
    ...presentPackVersion(v),
    pack: toJsonValue(v.pack) as Record<string, unknown>,
    rightsDiff: v.rightsDiff.map(presentChange),
  };
}

export function presentChange(c: RightsChange): z.infer<typeof RightsChangeSchema> {
  return {
    area: c.area,
    key: c.key,
    change: c.change,
    narrowing: c.narrowing,
    before: c.before,
    after: c.after,
    clause: c.clause,
    message: c.message,
  };
}

const Reason = z.object({ clause: z.string(), code: z.string(), message: Text });
const Referral = z.object({ to: z.string(), clause: z.string(), message: Text });

/** An evaluation (`evaluate`) on the wire: admissibility with reasons, or the recommended remedies. */
export const EvaluationSchema = z.object({
  policy: z.object({ id: z.string(), version: z.number(), kind: z.string() }),
  admissible: z.boolean(),
  refundableFen: FenSchema,
  clauses: z.array(z.string()),
  reasons: z.array(Reason),
  referral: Referral.nullable(),
  track: z.enum(['standard', 'fast']).nullable(),
  remedies: z.array(
    z.object({
      outcome: z.string(),
      role: z.enum(['primary', 'additional', 'alternative']),
      refundFen: FenSchema,
      payoutFen: FenSchema,
      lines: z.array(z.object({ kind: z.string(), fen: FenSchema, clause: z.string(), label: Text })),
      returnGoods: z.boolean(),
      returnFreightPayer: z.string().nullable(),
      funding: z.array(z.object({ source: z.string(), fen: FenSchema })),
      penalties: z.array(z.string()),
      clauses: z.array(z.string()),
      explanation: Text,
      pendingFindings: z.array(z.string()),
      split: z.array(z.object({ fen: FenSchema, performed: z.boolean() })).optional(),
    }),
  ),
  deadlines: z.array(
    z.object({
      kind: z.string(),
      owner: z.string(),
      clause: z.string(),
      date: z.string(),
      dueAt: z.string(),
      provisional: z.boolean(),
      overdue: z.boolean(),
      consequence: z.string().nullable(),
    }),
  ),
  referrals: z.array(Referral),
  notes: z.array(Reason),
  evidence: z.record(z.string(), z.unknown()).nullable(),
});
export type EvaluationView = z.infer<typeof EvaluationSchema>;

/** One shape for both outcomes, so a client reads `admissible` and then the lists (empty when absent). */
export function presentEvaluation(r: EvaluationResult): EvaluationView {
  const common = {
    policy: r.policy,
    admissible: r.admissible,
    refundableFen: r.refundableFen.toString(),
    clauses: r.clauses,
  };
  if (!r.admissible) {
    return {
      ...common,
      reasons: r.reasons,
      referral: r.referral ?? null,
      track: null,
      remedies: [],
      deadlines: [],
      referrals: [],
      notes: [],
      evidence: null,
    };
  }
  return {
    ...common,
    reasons: [],
    referral: null,
    track: r.track,
    remedies: r.remedies.map((m) => ({
      outcome: m.outcome,
      role: m.role,
      refundFen: m.refundFen.toString(),
      payoutFen: m.payoutFen.toString(),
      lines: m.lines.map((l) => ({ ...l, fen: l.fen.toString() })),
      returnGoods: m.returnGoods,
      returnFreightPayer: m.returnFreightPayer,
      funding: m.funding.map((f) => ({ source: f.source, fen: f.fen.toString() })),
      penalties: m.penalties,
      clauses: m.clauses,
      explanation: m.explanation,
      pendingFindings: m.pendingFindings,
      ...(m.split ? { split: m.split.map((s) => ({ fen: s.fen.toString(), performed: s.performed })) } : {}),
    })),
    deadlines: r.deadlines.map((d) => ({
      kind: d.kind,
      owner: d.owner,
      clause: d.clause,
      date: d.date,
      dueAt: d.dueAt.toISOString(),
      provisional: d.provisional,
      overdue: d.overdue,
      consequence: d.consequence,
    })),
    referrals: r.referrals,
    notes: r.notes,
    evidence: r.evidence ? (toJsonValue(r.evidence) as Record<string, unknown>) : null,
  };
}
