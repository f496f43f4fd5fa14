import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../../server/node-flags.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(repoRoot, 'e2e', '.artifacts');
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

/** A server started for one test file: its URL, its throwaway data directory and its log. */
export type RunningServer = {
  baseUrl: string;
  dataDir: string;
  logFile: string;
  /** The last lines the server printed, for failure messages. */
  logTail: () => string;
  stop: () => Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Signals the whole process group: the server and any worker processes it forks. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts the server (`server/main.ts`, as `npm start` does) on a free port with a fresh data directory
 * (embedded database, demo data on) and resolves once `GET /readyz` answers 200.
 * @throws Error with the server's last log lines when it exits early or is not ready in time.
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'accord-e2e-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const logFile = path.join(ARTIFACTS, `server-${port}.log`);
  const log = createWriteStream(logFile);
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    log.write(chunk);
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (tail.length > 60) tail.splice(0, tail.length - 60);
  };

  const env: NodeJS.ProcessEnv = { ...process.env };
  // The journey runs against the embedded database and the server's own defaults, whatever the caller's
  // shell says (vitest sets NODE_ENV=test; a developer may have DATABASE_URL set).
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  delete env.ACCORD_DEMO;
  Object.assign(env, { ACCORD_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, extraEnv);

  // As `npm start` runs it: this Node with the server's V8 flags, TypeScript through tsx's loader.
  const child = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  const logTail = () => tail.join('\n');
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    signalGroup(child, 'SIGTERM');
    const killed = await Promise.race([
      exited(child).then(() => false),
      sleep(STOP_GRACE_MS).then(() => true),
    ]);
    if (killed) {
      signalGroup(child, 'SIGKILL');
      await exited(child);
    }
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logTail()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return { baseUrl, dataDir, logFile, logTail, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`server not ready within ${READY_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}
