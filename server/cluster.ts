import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config.js';

/** A worker that dies sooner than this after starting is not restarted: the whole cluster stops (exit 1). */
const CRASH_LOOP_MS = 10_000;
/** Each worker stops within 15 s (main.ts); the supervisor waits a little longer, then kills. */
const STOP_GRACE_MS = 20_000;

/**
 * The primary of `ACCORD_WORKERS=N` (N > 1): forks N copies of this entry point (node:cluster), which share
 * the port — the primary accepts connections and hands them out round-robin — and restarts a worker that
 * dies. It opens no database and serves nothing itself.
 *
 * - Worker 1 starts alone and runs the configured role (`all` → API and scheduler): migrations, the demo
 *   seed and a generated development key happen once, before the others start. The scheduler runs once per
 *   deployment this way (its jobs are also safe with several schedulers: SKIP LOCKED, conditional updates).
 * - Workers 2…N run `ACCORD_ROLE=api`.
 * - Every worker keeps its own pool of `max` connections, credential cache (1 s, ADR 0014) and intake batcher
 *   (group commit per process); none holds state another needs.
 * - SIGINT/SIGTERM: forwarded to the workers, which drain (intake batches commit) and exit; then the primary.
 */
export async function superviseWorkers(config: Config, logger: Logger): Promise<void> {
  const roles = Array.from({ length: config.workers }, (_, i) => (i === 0 ? config.role : 'api'));
  const running = new Map<Worker, { index: number; startedAt: number }>();
  let stopping = false;

  const fork = (index: number): Worker => {
    const worker = cluster.fork({ ACCORD_ROLE: roles[index] });
    running.set(worker, { index, startedAt: Date.now() });
    return worker;
  };

  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const worker of running.keys()) worker.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      logger.error('workers did not stop in time; killing them');
      for (const worker of running.keys()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_GRACE_MS);
    timer.unref();
    const done = () => {
      if (running.size === 0) process.exit(code);
    };
    cluster.on('exit', done);
    done();
  };

  cluster.on('exit', (worker, exitCode, signal) => {
    const info = running.get(worker);
    running.delete(worker);
    if (stopping || !info) return;
    const livedMs = Date.now() - info.startedAt;
    logger.error({ worker: info.index + 1, exitCode, signal, livedMs }, 'worker exited');
    if (livedMs < CRASH_LOOP_MS) {
      logger.error('a worker died right after starting; stopping all of them');
      stopAll(1);
      return;
    }
    fork(info.index);
  });
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  // The first worker alone (migrations, demo seed), then the rest.
  const first = fork(0);
  await new Promise<void>((resolve, reject) => {
    first.once('listening', () => resolve());
    first.once('exit', (exitCode) => reject(new Error(`worker 1 exited with ${exitCode} while starting`)));
  }).catch((err: unknown) => {
    logger.error({ err }, 'the first worker did not start');
    stopAll(1);
  });
  if (stopping) return;
  for (let index = 1; index < config.workers; index++) fork(index);
  logger.info({ workers: config.workers, port: config.port }, 'API workers started');
}

/** True in the process that prints the start-up banner: a single process, or the first worker. */
export function isFirstProcess(): boolean {
  return cluster.isPrimary || cluster.worker?.id === 1;
}
