/**
 * Test helpers for the payments module: a callback receiver that keeps the raw bytes (signatures cover them)
 * and a poller. Used only by tests; plain node:http so it stays outside Accord's Fastify app.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One callback as received. */
export type ReceivedCallback = { headers: IncomingHttpHeaders; rawBody: Buffer };

/** A running receiver. */
export type CallbackSink = {
  url: string;
  received: ReceivedCallback[];
  /** Answers the next `count` deliveries with 500, to exercise the provider's retries. */
  failNext(count: number): void;
  close(): Promise<void>;
};

/** Starts a callback receiver on 127.0.0.1 and a random port. */
export async function startCallbackSink(): Promise<CallbackSink> {
  const received: ReceivedCallback[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        res.writeHead(500).end();
        return;
      }
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    received,
    failNext(count) {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Polls `condition` every 5 ms until it holds. @throws Error after `timeoutMs` with `what` in the message */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
