import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { startSimProvider, type SimProviderHandle } from '../tools/sim-payment-provider/index.js';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { orders } from './modules/orders/orders.table.js';
import { HttpPaymentProvider, type PaymentProvider, type RefundRequest } from './modules/payments/index.js';
import type { PaymentsRuntime } from './modules/refunds/index.js';
import { CALLBACK_PATH } from './modules/refunds/refunds.routes.js';

/**
 * The simulated provider only knows payments registered with it. In the demo it stands in for the provider
 * that took the marketplace's payments, so before a refund on a payment it has not seen, the order's payment
 * (reference = the marketplace order number, as Alipay's out_trade_no) is registered from Accord's orders.
 */
class SimulatorBackedProvider extends HttpPaymentProvider {
  constructor(
    options: ConstructorParameters<typeof HttpPaymentProvider>[0],
    private readonly sim: SimProviderHandle,
    private readonly db: Db,
  ) {
    super(options);
  }

  override async refund(request: RefundRequest) {
    if (!this.sim.payment(request.paymentRef)) {
      const [order] = await this.db
        .select({ totalFen: orders.totalFen })
        .from(orders)
        .where(eq(orders.externalId, request.paymentRef))
        .limit(1);
      if (order && order.totalFen > 0n) {
        this.sim.registerPayment({
          paymentRef: request.paymentRef,
          orderRef: request.orderRef,
          amountFen: order.totalFen,
        });
      }
    }
    return super.refund(request);
  }
}

/**
 * How `npm start` reaches a payment provider: `ACCORD_PAYMENT_PROVIDER_URL` (a real adapter endpoint, or the
 * simulator run as its own service), or else — outside production — the simulated provider started in this
 * process on a free port. The simulator is a fake behind the real interface: it moves no money.
 */
export async function startPaymentsRuntime(
  config: Config,
  db: Db,
  logger: Pick<Logger, 'warn' | 'error' | 'info'>,
): Promise<{ runtime: PaymentsRuntime | undefined; stop: () => Promise<void> }> {
  const base = config.publicUrl ?? `http://127.0.0.1:${config.port}`;
  const callbackUrl = new URL(CALLBACK_PATH, base).toString();
  const { providerUrl, apiKey, callbackSecrets, timeoutMs } = config.payments;
  if (providerUrl) {
    const provider: PaymentProvider = new HttpPaymentProvider({
      baseUrl: providerUrl,
      callbackSecrets,
      timeoutMs,
      ...(apiKey ? { apiKey } : {}),
    });
    return { runtime: { provider, callbackUrl }, stop: async () => {} };
  }
  if (config.env === 'production') {
    logger.error('no ACCORD_PAYMENT_PROVIDER_URL: refund instructions are recorded but not sent');
    return { runtime: undefined, stop: async () => {} };
  }
  const secret = randomBytes(24).toString('base64url');
  const sim = await startSimProvider({
    secret,
    mode: { latencyMs: { min: 20, max: 200 }, settleDelayMs: 1_000 },
  });
  logger.warn(
    { url: sim.url },
    'payments go to the SIMULATED provider (a fake: it moves no money); set ACCORD_PAYMENT_PROVIDER_URL for a real one',
  );
  const provider = new SimulatorBackedProvider(
    { baseUrl: sim.url, callbackSecrets: [secret], timeoutMs },
    sim,
    db,
  );
  return { runtime: { provider, callbackUrl }, stop: () => sim.close() };
}
