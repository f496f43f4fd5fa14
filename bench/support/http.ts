/**
 * HTTP load with autocannon, configured once so every HTTP bench is comparable with the baseline's
 * bare-Fastify ceiling (same connections, same duration, same warm-up, load generator on its own thread).
 */
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { note } from './measure.js';

/** The load every HTTP bench applies unless it has a reason to differ (say so in its output). */
export const HTTP_LOAD = {
  connections: 50,
  durationSeconds: 5,
  warmupSeconds: 1,
  // autocannon in a worker thread of this process: on a 2-core machine, generating load on the server's
  // own event loop would halve the figure and measure autocannon rather than the server.
  workers: 1,
} as const;

/** Figures of one load run; latencies in milliseconds (autocannon resolves to whole ms). */
export type LoadResult = {
  rps: number;
  requests: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  timeouts: number;
};

/** What a bench may vary per run; everything else comes from {@link HTTP_LOAD}. */
export type LoadOptions = {
  method?: autocannon.Request['method'];
  headers?: autocannon.Options['headers'];
  body?: string;
  connections?: number;
  durationSeconds?: number;
  warmupSeconds?: number;
};

/** Starts `app` on 127.0.0.1 with a random free port and returns its base URL (`http://127.0.0.1:PORT`). */
export async function listenOnRandomPort(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function fire(url: string, durationSeconds: number, options: LoadOptions): Promise<autocannon.Result> {
  return autocannon({
    url,
    duration: durationSeconds,
    connections: options.connections ?? HTTP_LOAD.connections,
    workers: HTTP_LOAD.workers,
    ...(options.method ? { method: options.method } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

/**
 * Warms `url` up, then loads it for {@link HTTP_LOAD}.durationSeconds and returns throughput and latency.
 * Any connection error, timeout or non-2xx answer is reported, so a broken route never looks fast.
 */
export async function loadTest(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const warmup = options.warmupSeconds ?? HTTP_LOAD.warmupSeconds;
  if (warmup > 0) await fire(url, warmup, options);
  const result = await fire(url, options.durationSeconds ?? HTTP_LOAD.durationSeconds, options);
  const load: LoadResult = {
    rps: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
  };
  if (load.errors + load.non2xx + load.timeouts > 0) {
    note(
      `load on ${url}: ${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx responses`,
    );
  }
  return load;
}
