import { REFUND_REMEDIES } from '../../../common/cases.js';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DomainError } from '../../http/errors.js';
import { toJsonValue } from '../../lib/canonical-json.js';
import { newId } from '../../lib/ids.js';
import { recordCaseEvent } from './case-records.js';
import type { MakeOfferBody } from './case-schemas.js';
import type { CaseRow } from './cases.repo.js';
import { caseOffers, cases } from './cases.table.js';
import type { ActionContext, CaseActorRef } from './take-action.js';

export type OfferRow = typeof caseOffers.$inferSelect;
type OpenOffer = {
  id: string;
  by: 'claimant' | 'respondent' | 'mediator';
  remedy: string;
  amountFen: string;
};

const REFUND_REMEDY_SET = new Set(REFUND_REMEDIES);

function refundableOf(c: CaseRow): bigint | null {
  const refundable = (c.orderSnapshot as { refundableFen?: string } | null)?.refundableFen;
  return refundable === undefined ? null : BigInt(refundable);
}

/**
 * Puts an offer on the table in mediation (a party, or the mediator proposing). It supersedes the open offer
 * it answers; a refund offer can never exceed what remains refundable on the order.
 * @throws INVALID_TRANSITION (not in mediation), VALIDATION_FAILED (amount)
 */
export async function makeOffer(
  tx: Db,
  c: CaseRow,
  actor: CaseActorRef,
  body: MakeOfferBody,
  ctx: ActionContext,
): Promise<OfferRow> {
  if (c.stage !== 'mediation') {
    throw new DomainError('INVALID_TRANSITION', {
      userMessage: { zh: '只有调解阶段可以提出方案', en: 'Offers are made during mediation' },
    });
  }
  const refundable = refundableOf(c);
  if (REFUND_REMEDY_SET.has(body.remedy) && refundable !== null && body.amountFen > refundable) {
    throw new DomainError('VALIDATION_FAILED', {
      fields: [
        {
          path: 'amountFen',
          code: 'too_big',
          message: {
            zh: `不能超过可退金额 ${refundable} 分`,
            en: `cannot exceed the refundable ${refundable} fen`,
          },
        },
      ],
    });
  }
  const by: OpenOffer['by'] =
    actor.kind === 'claimant' || actor.kind === 'respondent' ? actor.kind : 'mediator';
  const previous = c.details.openOffer as OpenOffer | null | undefined;
  if (previous)
    await tx
      .update(caseOffers)
      .set({ status: 'superseded', decidedAt: ctx.now })
      .where(eq(caseOffers.id, previous.id));
  const [offer] = (await tx
    .insert(caseOffers)
    .values({
      id: newId('ofr', ctx.now.getTime()),
      tenantId: c.tenantId,
      caseId: c.id,
      madeBy: by,
      madeByUser: actor.userId,
      remedy: body.remedy,
      amountFen: body.amountFen,
      note: body.note ?? null,
      status: 'open',
      answers: previous?.id ?? null,
      createdAt: ctx.now,
    })
    .returning()) as [OfferRow];
  const openOffer: OpenOffer = {
    id: offer.id,
    by,
    remedy: offer.remedy,
    amountFen: offer.amountFen.toString(),
  };
  const [updated] = (await tx
    .update(cases)
    .set({ details: { ...c.details, openOffer }, version: c.version + 1, updatedAt: ctx.now })
    .where(eq(cases.id, c.id))
    .returning()) as [CaseRow];
  await recordCaseEvent(
    tx,
    updated,
    {
      action: previous ? 'counter_offer_made' : 'offer_made',
      actor,
      from: null,
      to: null,
      visibility: 'all',
      details: toJsonValue({ offerId: offer.id, ...body }) as Record<string, unknown>,
    },
    ctx,
  );
  return offer;
}

/** Rejects the open offer (only the side that did not make it). @throws INVALID_TRANSITION */
export async function rejectOffer(
  tx: Db,
  c: CaseRow,
  actor: CaseActorRef,
  offerId: string,
  ctx: ActionContext,
): Promise<void> {
  const open = c.details.openOffer as OpenOffer | null | undefined;
  if (
    !open ||
    open.id !== offerId ||
    open.by === actor.kind ||
    !['claimant', 'respondent'].includes(actor.kind)
  ) {
    throw new DomainError('INVALID_TRANSITION', {
      userMessage: { zh: '没有可以拒绝的方案', en: 'There is no open offer for you to reject' },
    });
  }
  await tx
    .update(caseOffers)
    .set({ status: 'rejected', decidedAt: ctx.now })
    .where(eq(caseOffers.id, offerId));
  const [updated] = (await tx
    .update(cases)
    .set({ details: { ...c.details, openOffer: null }, version: c.version + 1, updatedAt: ctx.now })
    .where(eq(cases.id, c.id))
    .returning()) as [CaseRow];
  await recordCaseEvent(
    tx,
    updated,
    { action: 'offer_rejected', actor, from: null, to: null, visibility: 'all', details: { offerId } },
    ctx,
  );
}

/** Marks the open offer accepted, as part of the accept_offer action. @throws INVALID_TRANSITION when stale */
export async function acceptOpenOffer(tx: Db, c: CaseRow, offerId: string, now: Date): Promise<void> {
  const open = c.details.openOffer as OpenOffer | null | undefined;
  if (!open || open.id !== offerId) {
    throw new DomainError('INVALID_TRANSITION', {
      userMessage: { zh: '该方案已失效，请刷新', en: 'That offer is no longer open; reload' },
    });
  }
  await tx
    .update(caseOffers)
    .set({ status: 'accepted', decidedAt: now })
    .where(and(eq(caseOffers.id, offerId), eq(caseOffers.status, 'open')));
}

export async function listOffers(db: Db, caseId: string): Promise<OfferRow[]> {
  return db
    .select()
    .from(caseOffers)
    .where(eq(caseOffers.caseId, caseId))
    .orderBy(caseOffers.createdAt, caseOffers.id);
}
