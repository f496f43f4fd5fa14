import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../http/errors.js';
import { receiveProviderCallback } from './receive-callback.js';

/** The path the payment provider posts its signed results to (joined to the public URL for `callbackUrl`). */
export const CALLBACK_PATH = '/api/v1/payments/callbacks';

/**
 * The payment provider's callbacks. The provider is not a user: no session or key, the HMAC signature over the
 * raw body (and its timestamp) is the authentication, so the JSON parser is replaced by a raw one here.
 */
export async function refundsRoutes(app: FastifyInstance): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/payments/callbacks',
    {
      // The signature is the authentication (checked by receiveProviderCallback), not a session or key.
      config: { public: true },
      schema: {
        tags: ['payments'],
        summary:
          'Signed result of a refund or a payout from the payment provider (HMAC-SHA256 over the raw body and timestamp); deduplicated by eventId',
        response: {
          200: z.object({ received: z.literal(true), outcome: z.enum(['applied', 'duplicate', 'not_ours']) }),
        },
      },
    },
    async (request) => {
      const payments = app.deps.payments;
      if (!payments) throw new DomainError('NOT_READY', { message: 'no payment provider is configured' });
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const outcome = await receiveProviderCallback(app.deps.database.db, payments.provider, {
        headers: request.headers,
        rawBody,
        now: app.deps.clock.now(),
      });
      return { received: true as const, outcome };
    },
  );
}
