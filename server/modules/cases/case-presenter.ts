import { z } from 'zod';
import { FenSchema } from '../../../common/money.js';
import type { UserRow } from '../accounts/accounts.repo.js';
import { PersonSchema, presentPerson } from '../accounts/people.js';
import type { DeadlineRow } from '../deadlines/index.js';
import { piiAccess } from '../privacy/masking.js';
import type { PiiCrypto } from '../privacy/pii-crypto.js';
import { allowedActions } from './case-lifecycle.js';
import type { CasePolicy } from './case-policy.js';
import { TURN_OF, type Stage } from './case-stages.js';
import { isPartyViewer, visibleTo, type CaseViewer } from './case-access.js';
import type { CaseEventRow, CaseMessageRow, CaseRecord, CaseRow } from './cases.repo.js';
import { viewOf } from './take-action.js';
import type { OfferRow } from './offers.js';
import type { EvidenceRow } from './evidence.js';
import type { EvidenceRequestRow } from './evidence-requests.js';
import { EvidenceSchema, presentEvidence } from './evidence-presenter.js';
import type { NoticeRow } from '../notices/notify.js';

const DeadlineSchema = z.object({
  id: z.string(),
  kind: z.string(),
  owner: z.string(),
  clause: z.string(),
  dueAt: z.string().nullable(),
  status: z.string(),
  provisional: z.boolean(),
  pausedSince: z.string().nullable(),
});

export const CaseSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.string(),
  stage: z.string(),
  category: z.string(),
  scenario: z.string(),
  channel: z.string(),
  title: z.string(),
  requestedRemedy: z.string(),
  requestedAmountFen: FenSchema,
  urgent: z.boolean(),
  fastTrack: z.boolean(),
  team: z.string(),
  assigneeId: z.string().nullable(),
  respondentMerchantId: z.string(),
  orderId: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});

export const CaseDetailSchema = CaseSummarySchema.extend({
  description: z.string(),
  viewer: z.object({
    as: z.string(),
    state: z.enum(['your_move', 'other_party_move', 'platform_move', 'paused', 'closed']),
  }),
  turn: z.string(),
  allowedActions: z.array(z.object({ action: z.string(), dueAt: z.string().nullable() })),
  deadlines: z.array(DeadlineSchema),
  claimant: PersonSchema.nullable(),
  respondent: z.object({ merchantId: z.string(), name: z.string().nullable() }),
  order: z.record(z.string(), z.unknown()).nullable(),
  policy: z.object({ id: z.string(), version: z.string() }),
  outcome: z.record(z.string(), z.unknown()),
  timeline: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      actor: z.object({ type: z.string(), name: z.string().nullable(), party: z.string().optional() }),
      fromStage: z.string().nullable(),
      toStage: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  evidence: z.array(EvidenceSchema),
  evidenceRequests: z.array(
    z.object({
      id: z.string(),
      requestedFrom: z.string(),
      evidenceTypes: z.array(z.string()),
      note: z.string().nullable(),
      status: z.string(),
      deadlineId: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  offers: z.array(
    z.object({
      id: z.string(),
      madeBy: z.string(),
      remedy: z.string(),
      amountFen: FenSchema,
      note: z.string().nullable(),
      status: z.string(),
      answers: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  messages: z.array(
    z.object({
      id: z.string(),
      author: z.object({ name: z.string().nullable(), party: z.string().optional() }),
      visibility: z.string(),
      body: z.string(),
      createdAt: z.string(),
    }),
  ),
  /** Staff only: every notice sent about the case and how its delivery went (addresses masked). */
  deliveries: z
    .array(
      z.object({
        id: z.string(),
        channel: z.string(),
        recipientUserId: z.string(),
        address: z.string().nullable(),
        title: z.string(),
        status: z.string(),
        attempts: z.number(),
        lastError: z.string().nullable(),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
        readAt: z.string().nullable(),
      }),
    )
    .optional(),
});

export function presentCaseSummary(c: CaseRecord): z.infer<typeof CaseSummarySchema> {
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    stage: c.stage,
    category: c.category,
    scenario: c.scenario,
    channel: c.channel,
    title: c.title,
    requestedRemedy: c.requestedRemedy,
    requestedAmountFen: c.requestedAmountFen.toString(),
    urgent: c.urgent,
    fastTrack: c.fastTrack,
    team: c.team,
    assigneeId: c.assigneeId,
    respondentMerchantId: c.respondentMerchantId,
    orderId: c.orderId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

function viewerState(stage: Stage, as: string): z.infer<typeof CaseDetailSchema>['viewer']['state'] {
  const turn = TURN_OF[stage];
  if (turn === 'nobody') return stage === 'suspended' ? 'paused' : 'closed';
  const party = as === 'claimant' || as === 'respondent';
  if (turn === 'platform') return party ? 'platform_move' : 'your_move';
  if (!party) return 'other_party_move';
  return turn === 'both_parties' || turn === as ? 'your_move' : 'other_party_move';
}

export type CaseDetail = z.infer<typeof CaseDetailSchema>;

/** A case as one viewer may see it: whose move, what they may do now (with its deadline), what they may read. */
export function presentCaseDetail(
  c: CaseRow,
  parts: {
    viewer: NonNullable<CaseViewer>;
    userId: string | null;
    deadlines: DeadlineRow[];
    offers: OfferRow[];
    evidence: EvidenceRow[];
    evidenceRequests: EvidenceRequestRow[];
    events: CaseEventRow[];
    messages: CaseMessageRow[];
    claimant: UserRow | undefined;
    merchantName: string | null;
    pii: PiiCrypto;
    /** The case's notices, for staff viewers only (null for parties). */
    notices: NoticeRow[] | null;
  },
): CaseDetail {
  const { viewer } = parts;
  const visible = visibleTo(viewer);
  const actions =
    viewer.kind === 'integration' || viewer.kind === 'admin'
      ? []
      : allowedActions(viewOf(c), { kind: viewer.kind, userId: parts.userId });
  const stepDue = parts.deadlines.find(
    (d) =>
      d.status === 'pending' &&
      d.kind === (c.policy as unknown as CasePolicy).windows[c.stage as Stage]?.kind,
  );
  const policy = c.policy as unknown as CasePolicy;
  const access = piiAccess(viewer.role, viewer.kind === 'claimant');
  const staff = !isPartyViewer(viewer);
  return {
    ...presentCaseSummary(c),
    description: c.description,
    viewer: { as: viewer.kind, state: viewerState(c.stage as Stage, viewer.kind) },
    turn: TURN_OF[c.stage as Stage],
    allowedActions: actions.map((action) => ({ action, dueAt: stepDue?.dueAt?.toISOString() ?? null })),
    // Parties see the deadlines of the steps; the platform's internal SLA clocks are for staff.
    deadlines: parts.deadlines
      .filter(
        (d) =>
          staff || d.owner !== 'platform' || Object.values(policy.windows).some((w) => w?.kind === d.kind),
      )
      .map((d) => ({
        id: d.id,
        kind: d.kind,
        owner: d.owner,
        clause: d.clause,
        dueAt: d.dueAt?.toISOString() ?? null,
        status: d.status,
        provisional: d.provisional,
        pausedSince: d.pausedSince?.toISOString() ?? null,
      })),
    claimant: parts.claimant ? presentPerson(parts.pii, parts.claimant, access) : null,
    respondent: { merchantId: c.respondentMerchantId, name: parts.merchantName },
    order: c.orderSnapshot ?? null,
    policy: { id: policy.id, version: policy.version },
    outcome: pickOutcome(c.details),
    timeline: parts.events
      .filter((e) => visible.has(e.visibility))
      .map((e) => ({
        at: e.at.toISOString(),
        action: e.action,
        actor: { type: e.actor.type, name: e.actor.name, ...(e.actor.party ? { party: e.actor.party } : {}) },
        fromStage: e.fromStage,
        toStage: e.toStage,
        details: e.details,
      })),
    evidenceRequests: parts.evidenceRequests.map((q) => ({
      id: q.id,
      requestedFrom: q.requestedFrom,
      evidenceTypes: q.evidenceTypes,
      note: q.note,
      status: q.status,
      deadlineId: q.deadlineId,
      createdAt: q.createdAt.toISOString(),
    })),
    evidence: parts.evidence.filter((e) => visible.has(e.visibility)).map(presentEvidence),
    offers: parts.offers.map((o) => ({
      id: o.id,
      madeBy: o.madeBy,
      remedy: o.remedy,
      amountFen: o.amountFen.toString(),
      note: o.note,
      status: o.status,
      answers: o.answers,
      createdAt: o.createdAt.toISOString(),
    })),
    messages: parts.messages
      .filter((m) => visible.has(m.visibility))
      .map((m) => ({
        id: m.id,
        author: { name: m.author.name, ...(m.author.party ? { party: m.author.party } : {}) },
        visibility: m.visibility,
        body: m.body,
        createdAt: m.createdAt.toISOString(),
      })),
    ...(parts.notices ? { deliveries: parts.notices.map(presentDelivery) } : {}),
  };
}

function presentDelivery(n: NoticeRow) {
  return {
    id: n.id,
    channel: n.channel,
    recipientUserId: n.recipientUserId,
    // Inbox notices have no address; email and SMS rows hold the masked one they were sent to.
    address: n.address,
    title: n.title,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
    readAt: n.readAt?.toISOString() ?? null,
  };
}

function pickOutcome(details: Record<string, unknown>): Record<string, unknown> {
  const keys = ['decision', 'appeal', 'review', 'suspension', 'not_accept', 'refer_out', 'withdraw'];
  return Object.fromEntries(keys.filter((k) => details[k] !== undefined).map((k) => [k, details[k]]));
}
