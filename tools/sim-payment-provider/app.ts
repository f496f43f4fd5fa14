import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SimCore } from './core.js';
import { SimModePatchSchema } from './mode.js';
import {
  FreezeBodySchema,
  OperationQuerySchema,
  PaymentBatchSchema,
  PaymentBodySchema,
  PayoutBodySchema,
  RefSchema,
  RefundBodySchema,
  ReleaseBodySchema,
  TransferBodySchema,
} from './requests.js';
import { presentOperation, presentPayment, SimError, type SimOperation } from './store.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Parses a request part or throws the simulator's 400 (nothing is done for an invalid request). */
function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new SimError('VALIDATION_FAILED', 400, 'the request is invalid', { errors });
}

/**
 * Answers a new money-moving operation, unless the mode says to lose the answer: the work is done, the caller
 * sees a 503 or a dropped connection and must find out by retrying with the same key.
 */
function answer(core: SimCore, reply: FastifyReply, result: { op: SimOperation; replayed: boolean }) {
  if (!result.replayed && core.loseResponse()) {
    if (core.mode.unknownOutcomeStyle === 'drop') {
      reply.hijack();
      reply.raw.socket?.destroy();
      return;
    }
    return reply.status(503).send({ code: 'SERVICE_UNAVAILABLE', detail: 'please retry' });
  }
  return reply.status(result.replayed ? 200 : 201).send(presentOperation(result.op, result.replayed));
}

/** Options of the simulator's HTTP app. */
export type SimAppOptions = { core: SimCore; apiKey?: string; loggerInstance?: FastifyBaseLogger };

/**
 * The simulated provider's HTTP API: `/v1/*` is what an adapter calls, `/payments` is what the marketplace side
 * (tests, the demo) uses to make the provider know a payment, `/admin/*` switches modes and reads stats and
 * keeps working during an outage so the outage can be cleared.
 */
export async function buildSimApp(options: SimAppOptions): Promise<FastifyInstance> {
  const { core } = options;
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    bodyLimit: 4 * 1024 * 1024,
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof SimError) {
      return reply.status(error.status).send({ code: error.code, detail: error.message, ...error.extra });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) return reply.status(status).send({ code: 'BAD_REQUEST', detail: String(error) });
    request.log.error({ err: error }, 'simulated provider failed');
    return reply.status(500).send({ code: 'INTERNAL', detail: 'internal error' });
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/healthz') return;
    if (options.apiKey && !sameSecret(request.headers.authorization ?? '', `Bearer ${options.apiKey}`)) {
      return reply.status(401).send({ code: 'UNAUTHENTICATED', detail: 'missing or wrong API key' });
    }
    if (core.mode.outage && !path.startsWith('/admin/')) {
      core.store.stats.outageRejections += 1;
      return reply.status(503).send({ code: 'OUTAGE', detail: 'the provider is unavailable' });
    }
  });

  app.get('/healthz', () => ({ status: 'ok' }));

  app.post('/v1/refunds', async (request, reply) =>
    answer(core, reply, await core.refund(parse(RefundBodySchema, request.body))),
  );
  app.post('/v1/transfers', async (request, reply) =>
    answer(core, reply, await core.transfer(parse(TransferBodySchema, request.body))),
  );
  app.post('/v1/payouts', async (request, reply) =>
    answer(core, reply, await core.payout(parse(PayoutBodySchema, request.body))),
  );
  app.post('/v1/freezes', async (request, reply) => {
    const result = await core.freeze(parse(FreezeBodySchema, request.body));
    return reply.status(result.replayed ? 200 : 201).send(presentOperation(result.op, result.replayed));
  });
  app.post('/v1/freezes/:freezeRef/release', async (request, reply) => {
    const { freezeRef } = parse(z.object({ freezeRef: RefSchema }), request.params);
    const result = await core.release({ ...parse(ReleaseBodySchema, request.body), freezeRef });
    return reply.status(result.replayed ? 200 : 201).send(presentOperation(result.op, result.replayed));
  });
  app.get('/v1/operations/:providerRef', async (request) => {
    const { providerRef } = parse(z.object({ providerRef: RefSchema }), request.params);
    return presentOperation(core.getOperation({ providerRef }));
  });
  app.get('/v1/operations', async (request) => {
    const { idempotencyKey } = parse(OperationQuerySchema, request.query);
    return presentOperation(core.getOperation({ idempotencyKey }));
  });

  app.post('/payments', async (request, reply) => {
    const body = parse(PaymentBodySchema, request.body);
    const outcome = core.registerPayment(body);
    const payment = core.store.payments.get(body.paymentRef);
    return reply.status(outcome === 'created' ? 201 : 200).send(payment ? presentPayment(payment) : {});
  });
  app.post('/payments/batch', async (request) => {
    const { payments } = parse(PaymentBatchSchema, request.body);
    let created = 0;
    for (const payment of payments) if (core.registerPayment(payment) === 'created') created += 1;
    return { received: payments.length, created };
  });
  app.get('/payments/:paymentRef', async (request) => {
    const { paymentRef } = parse(z.object({ paymentRef: RefSchema }), request.params);
    const payment = core.store.payments.get(paymentRef);
    if (!payment) throw new SimError('PAYMENT_NOT_FOUND', 404, `no payment ${paymentRef}`);
    return presentPayment(payment);
  });

  app.get('/admin/stats', async () => ({ stats: core.store.stats, mode: core.mode }));
  app.put('/admin/mode', async (request) => ({
    mode: core.setMode(parse(SimModePatchSchema, request.body)),
  }));
  return app;
}
