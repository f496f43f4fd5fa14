import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FenSchema, PositiveFenInputSchema } from '../../../common/money.js';
import { authorize } from '../../http/auth.js';
import { notFound } from '../../http/errors.js';
import { actorOf, roleOf, type Principal } from '../accounts/principal.js';
import { transact } from '../audit/index.js';
import {
  compensate,
  fundPosition,
  merchantMoney,
  topUpDeposit,
  topUpFund,
  withdrawableFen,
  withdrawDeposit,
  type CompensationRow,
} from './deposits.js';
import { placeHold, releaseHold, type HoldRow } from './holds.js';
import { findMerchant } from '../tenants/tenants.repo.js';
import { merchantMovements } from './money-movements.js';
import { ClaimSchema, presentClaim, recoveryClaimRoutes } from './recovery-claims.routes.js';
import { recoveryRoutes } from './recovery.routes.js';

const PositiveFen = PositiveFenInputSchema;
const Reference = z.string().trim().min(1).max(100);
const MERCHANT_NOT_FOUND = { zh: '商家不存在', en: 'Merchant not found' };
const MerchantParams = z.object({ merchantId: z.string().min(1).max(64) });

const HoldSchema = z.object({
  id: z.string(),
  merchantId: z.string(),
  eventId: z.string().nullable(),
  caseId: z.string().nullable(),
  recoveryId: z.string().nullable(),
  amountFen: FenSchema.nullable(),
  reason: z.string(),
  status: z.string(),
  createdAt: z.string(),
  releasedAt: z.string().nullable(),
});
const presentHold = (h: HoldRow) => ({
  id: h.id,
  merchantId: h.merchantId,
  eventId: h.eventId,
  caseId: h.caseId,
  recoveryId: h.recoveryId,
  amountFen: h.amountFen?.toString() ?? null,
  reason: h.reason,
  status: h.status,
  createdAt: h.createdAt.toISOString(),
  releasedAt: h.releasedAt?.toISOString() ?? null,
});

const CompensationSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  amountFen: FenSchema,
  fromDepositFen: FenSchema,
  fromFundFen: FenSchema,
  reason: z.string(),
  createdAt: z.string(),
});
const presentCompensation = (c: CompensationRow) => ({
  id: c.id,
  caseId: c.caseId,
  amountFen: c.amountFen.toString(),
  fromDepositFen: c.fromDepositFen.toString(),
  fromFundFen: c.fromFundFen.toString(),
  reason: c.reason,
  createdAt: c.createdAt.toISOString(),
});
const MerchantMoneySchema = z.object({
  merchantId: z.string(),
  depositFen: FenSchema,
  /** What may be paid back out of the deposit now (withdrawableFen): not frozen, held or owed. */
  withdrawableFen: FenSchema,
  pendingFen: FenSchema,
  owedFen: FenSchema,
  frozen: z.boolean(),
  holds: z.array(HoldSchema),
  deductions: z.array(CompensationSchema),
  claims: z.array(ClaimSchema),
});
const MovementsSchema = z.object({
  payouts: z.array(
    z.object({
      id: z.string(),
      reason: z.string(),
      sourceId: z.string(),
      amountFen: FenSchema,
      status: z.string(),
      failureCode: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
  topUps: z.array(
    z.object({ entryId: z.string(), reference: z.string(), amountFen: FenSchema, occurredAt: z.string() }),
  ),
});
const FundSchema = z.object({
  balanceFen: FenSchema,
  advancesOutstandingFen: FenSchema,
  availableFen: FenSchema,
  platformAdvancesFen: FenSchema,
});

const ctxOf = (p: Principal, now: Date, requestId: string) => ({
  tenantId: p.tenantId,
  actor: actorOf(p),
  now,
  requestId,
});

/** A merchant member reaches only its own merchant; anyone else's is 404, like a merchant that does not exist. */
function ownMerchantOnly(p: Principal, merchantId: string) {
  if (roleOf(p) === 'merchant' && !(p.kind === 'user' && p.merchantId === merchantId))
    throw notFound(MERCHANT_NOT_FOUND);
}

/** Deposits, the guarantee fund, compensation, holds and assisted recovery (docs/domain/settlement.md). */
export async function settlementRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = app.deps;
  const db = database.db;

  r.get(
    '/merchants/:merchantId/money',
    {
      schema: {
        tags: ['settlement'],
        summary: "A merchant's deposit, pending settlement, holds, deductions and recovery claims",
        params: MerchantParams,
        response: { 200: MerchantMoneySchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:read');
      ownMerchantOnly(p, request.params.merchantId);
      const m = await merchantMoney(db, p.tenantId, request.params.merchantId);
      const withdrawable = await withdrawableFen(db, p.tenantId, request.params.merchantId);
      return {
        merchantId: m.merchantId,
        depositFen: m.depositFen.toString(),
        withdrawableFen: withdrawable.toString(),
        pendingFen: m.pendingFen.toString(),
        owedFen: m.owedFen.toString(),
        frozen: m.frozen,
        holds: m.holds.map(presentHold),
        deductions: m.deductions.map(presentCompensation),
        claims: m.claims.map(presentClaim),
      };
    },
  );

  r.get(
    '/merchants/:merchantId/money/movements',
    {
      schema: {
        tags: ['settlement'],
        summary: "A merchant's payouts and deposit top-ups, newest first (at most 100 of each)",
        params: MerchantParams,
        response: { 200: MovementsSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:read');
      ownMerchantOnly(p, request.params.merchantId);
      if (!(await findMerchant(db, p.tenantId, request.params.merchantId)))
        throw notFound(MERCHANT_NOT_FOUND);
      const m = await merchantMovements(db, p.tenantId, request.params.merchantId);
      return {
        payouts: m.payouts.map((po) => ({
          id: po.id,
          reason: po.reason,
          sourceId: po.sourceId,
          amountFen: po.amountFen.toString(),
          status: po.status,
          failureCode: po.failureCode,
          createdAt: po.createdAt.toISOString(),
          updatedAt: po.updatedAt.toISOString(),
        })),
        topUps: m.topUps.map((u) => ({
          ...u,
          amountFen: u.amountFen.toString(),
          occurredAt: u.occurredAt.toISOString(),
        })),
      };
    },
  );

  r.post(
    '/merchants/:merchantId/deposit/top-ups',
    {
      schema: {
        tags: ['settlement'],
        summary: "Record a payment into a merchant's deposit (保证金); idempotent by the payment reference",
        params: MerchantParams,
        body: z.object({ amountFen: PositiveFen, reference: Reference }).strict(),
        response: { 201: z.object({ depositFen: FenSchema, replayed: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'money:top-up');
      const r = await topUpDeposit(db, ctxOf(p, clock.now(), request.id), {
        merchantId: request.params.merchantId,
        ...request.body,
      });
      return reply.status(201).send({ depositFen: r.depositFen.toString(), replayed: r.replayed });
    },
  );

  r.get(
    '/guarantee-fund',
    {
      schema: {
        tags: ['settlement'],
        summary: 'The guarantee fund (消费者保障基金): balance, open advances, what it can still advance',
        response: { 200: FundSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'fund:read');
      const f = await fundPosition(db, p.tenantId);
      return {
        balanceFen: f.balanceFen.toString(),
        advancesOutstandingFen: f.advancesOutstandingFen.toString(),
        availableFen: f.availableFen.toString(),
        platformAdvancesFen: f.platformAdvancesFen.toString(),
      };
    },
  );

  r.post(
    '/guarantee-fund/top-ups',
    {
      schema: {
        tags: ['settlement'],
        summary: 'Pay into the guarantee fund; idempotent by the payment reference',
        body: z.object({ amountFen: PositiveFen, reference: Reference }).strict(),
        response: { 201: z.object({ replayed: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'money:top-up');
      return reply.status(201).send(await topUpFund(db, ctxOf(p, clock.now(), request.id), request.body));
    },
  );

  r.post(
    '/merchants/:merchantId/compensations',
    {
      schema: {
        tags: ['settlement'],
        summary: 'Compensation owed by a merchant: from its deposit, the fund advancing any shortfall',
        params: MerchantParams,
        body: z
          .object({
            amountFen: PositiveFen,
            caseId: z.string().min(1).max(64).optional(),
            reason: z.string().trim().min(1).max(500),
            reference: Reference,
          })
          .strict(),
        response: {
          201: z.object({
            compensation: CompensationSchema,
            claimId: z.string().nullable(),
            replayed: z.boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'money:compensate');
      const r = await compensate(db, ctxOf(p, clock.now(), request.id), {
        merchantId: request.params.merchantId,
        ...request.body,
      });
      return reply.status(201).send({
        compensation: presentCompensation(r.compensation),
        claimId: r.claim?.id ?? null,
        replayed: r.replayed,
      });
    },
  );

  r.post(
    '/merchants/:merchantId/holds',
    {
      schema: {
        tags: ['settlement'],
        summary: "Hold a merchant's money (冻结): an amount, or everything when no amount is given",
        params: MerchantParams,
        body: z
          .object({
            amountFen: PositiveFen.optional(),
            eventId: z.string().min(1).max(64).optional(),
            caseId: z.string().min(1).max(64).optional(),
            reason: z.string().trim().min(1).max(500),
          })
          .strict(),
        response: { 201: HoldSchema },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'money:freeze');
      const ctx = ctxOf(p, clock.now(), request.id);
      if (!(await findMerchant(db, p.tenantId, request.params.merchantId)))
        throw notFound(MERCHANT_NOT_FOUND);
      const hold = await transact(db, (tx) =>
        placeHold(
          tx,
          {
            merchantId: request.params.merchantId,
            ...request.body,
            amountFen: request.body.amountFen ?? null,
          },
          ctx,
        ),
      );
      return reply.status(201).send(presentHold(hold));
    },
  );

  r.post(
    '/holds/:holdId/release',
    {
      schema: {
        tags: ['settlement'],
        summary: 'Release a hold',
        params: z.object({ holdId: z.string().min(1).max(64) }),
        response: { 200: HoldSchema },
      },
    },
    async (request) => {
      const p = authorize(request, 'money:freeze');
      const hold = await transact(db, (tx) =>
        releaseHold(tx, request.params.holdId, ctxOf(p, clock.now(), request.id)),
      );
      return presentHold(hold);
    },
  );

  r.post(
    '/merchants/:merchantId/deposit/withdrawals',
    {
      schema: {
        tags: ['settlement'],
        summary:
          "Pay back part or all of a merchant's deposit through the provider: only what is not frozen, held or owed; idempotent by reference",
        params: MerchantParams,
        body: z.object({ amountFen: PositiveFen, reference: Reference }).strict(),
        response: {
          201: z.object({
            payoutId: z.string(),
            amountFen: FenSchema,
            status: z.string(),
            depositFen: FenSchema,
            replayed: z.boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      const p = authorize(request, 'money:withdraw');
      const r = await withdrawDeposit(db, ctxOf(p, clock.now(), request.id), {
        merchantId: request.params.merchantId,
        ...request.body,
      });
      return reply.status(201).send({
        payoutId: r.payout.id,
        amountFen: r.payout.amountFen.toString(),
        status: r.payout.status,
        depositFen: r.depositFen.toString(),
        replayed: r.replayed,
      });
    },
  );

  await app.register(recoveryRoutes);
  await app.register(recoveryClaimRoutes);
}
