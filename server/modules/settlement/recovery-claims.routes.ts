import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FenSchema, PositiveFenInputSchema } from '../../../common/money.js';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { PageQuerySchema, decodeCursor, pageSchema, toPage } from '../../http/pagination.js';
import { actorOf, roleOf, type Principal } from '../accounts/principal.js';
import { merchantNames } from '../orders/orders.repo.js';
import type { RecoveryClaimRow } from './deposits.js';
import { RECOVERY_CLAIM_STATUSES, findRecoveryClaim, listRecoveryClaims } from './recovery-claims.js';
import { owedOn, writeOffClaim, type RecoveryClaimEventRow } from './write-off-claim.js';

/** A recovery claim as every route shows it: what the fund advanced, recovered, wrote off and is still owed. */
export const ClaimSchema = z.object({
  id: z.string(),
  merchantId: z.string(),
  compensationId: z.string(),
  caseId: z.string().nullable(),
  amountFen: FenSchema,
  recoveredFen: FenSchema,
  writtenOffFen: FenSchema,
  owedFen: FenSchema,
  status: z.enum(RECOVERY_CLAIM_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const presentClaim = (c: RecoveryClaimRow) => ({
  id: c.id,
  merchantId: c.merchantId,
  compensationId: c.compensationId,
  caseId: c.caseId,
  amountFen: c.amountFen.toString(),
  recoveredFen: c.recoveredFen.toString(),
  writtenOffFen: c.writtenOffFen.toString(),
  owedFen: owedOn(c).toString(),
  status: c.status as (typeof RECOVERY_CLAIM_STATUSES)[number],
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

const ListedClaimSchema = ClaimSchema.extend({ merchantName: z.string().nullable() });
const ClaimEventSchema = z.object({
  id: z.string(),
  kind: z.enum(['recovered', 'written_off']),
  amountFen: FenSchema,
  reason: z.string().nullable(),
  recoveryId: z.string().nullable(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
const presentEvent = (e: RecoveryClaimEventRow) => ({
  id: e.id,
  kind: e.kind as 'recovered' | 'written_off',
  amountFen: e.amountFen.toString(),
  reason: e.reason,
  recoveryId: e.recoveryId,
  actorName: e.actor.name,
  createdAt: e.createdAt.toISOString(),
});
const ClaimDetailSchema = ListedClaimSchema.extend({
  compensation: z
    .object({
      amountFen: FenSchema,
      fromDepositFen: FenSchema,
      fromFundFen: FenSchema,
      reason: z.string(),
      createdAt: z.string(),
    })
    .nullable(),
  history: z.array(ClaimEventSchema),
});

const CLAIM_NOT_FOUND = { zh: '追偿债权不存在', en: 'Recovery claim not found' };
const ClaimParams = z.object({ claimId: z.string().min(1).max(64) });

/** A merchant member sees only its own merchant's claims: any other merchant is 404. */
function merchantScope(p: Principal, requested: string | undefined): string | undefined {
  if (roleOf(p) !== 'merchant') return requested;
  const own = p.kind === 'user' ? p.merchantId : null;
  if (!own || (requested !== undefined && requested !== own))
    throw notFound({ zh: '商家不存在', en: 'Merchant not found' });
  return own;
}

/** Recovery claims (the fund's advances owed back by merchants): list, one with its history, write-offs. */
export async function recoveryClaimRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;
  const db = database.db;

  r.get(
    '/recovery-claims',
    {
      schema: {
        tags: ['settlement'],
        summary: 'Recovery claims, newest first (a merchant member sees only its own)',
        querystring: PageQuerySchema.extend({
          merchantId: z.string().min(1).max(64).optional(),
          status: z.enum(RECOVERY_CLAIM_STATUSES).optional(),
        }).strict(),
        response: { 200: pageSchema(ListedClaimSchema) },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:read');
      const { limit, cursor, status } = request.query;
      const merchantId = merchantScope(p, request.query.merchantId);
      const rows = await listRecoveryClaims(
        db,
        p.tenantId,
        { merchantId, status },
        limit + 1,
        decodeCursor(cursor),
      );
      const names = await merchantNames(
        db,
        p.tenantId,
        rows.map((c) => c.merchantId),
      );
      return toPage(
        rows,
        limit,
        (c) => c.id,
        (c) => ({ ...presentClaim(c), merchantName: names.get(c.merchantId) ?? null }),
      );
    },
  );

  r.get(
    '/recovery-claims/:claimId',
    {
      schema: {
        tags: ['settlement'],
        summary: 'One recovery claim with the compensation that opened it and its recoveries and write-offs',
        params: ClaimParams,
        response: { 200: ClaimDetailSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:read');
      const found = await findRecoveryClaim(db, p.tenantId, request.params.claimId);
      const own = p.kind === 'user' && p.merchantId === found?.claim.merchantId;
      if (!found || (roleOf(p) === 'merchant' && !own)) throw notFound(CLAIM_NOT_FOUND);
      const { claim, compensation: c, events } = found;
      const names = await merchantNames(db, p.tenantId, [claim.merchantId]);
      return {
        ...presentClaim(claim),
        merchantName: names.get(claim.merchantId) ?? null,
        compensation: c
          ? {
              amountFen: c.amountFen.toString(),
              fromDepositFen: c.fromDepositFen.toString(),
              fromFundFen: c.fromFundFen.toString(),
              reason: c.reason,
              createdAt: c.createdAt.toISOString(),
            }
          : null,
        history: events.map(presentEvent),
      };
    },
  );

  r.post(
    '/recovery-claims/:claimId/write-off',
    {
      schema: {
        tags: ['settlement'],
        summary:
          'Write off some (amountFen) or all of what a recovery claim still owes: the fund bears the loss; the claim closes when nothing remains',
        params: ClaimParams,
        body: z
          .object({
            amountFen: PositiveFenInputSchema.optional(),
            reason: z.string().trim().min(1).max(500),
          })
          .strict(),
        response: { 200: ClaimSchema.extend({ writeOff: ClaimEventSchema }) },
      },
    },
    async (request) => {
      const p = authorize(request, 'fund:write-off');
      const { claim, event } = await writeOffClaim(
        db,
        { tenantId: p.tenantId, actor: actorOf(p), now: clock.now(), requestId: request.id },
        { claimId: request.params.claimId, ...request.body },
      );
      return { ...presentClaim(claim), writeOff: presentEvent(event) };
    },
  );
}
