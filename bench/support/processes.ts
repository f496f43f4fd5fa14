/**
 * The deployment shape for HTTP benches: Accord's own entry point (`server/main.ts`, what `npm start` runs)
 * in a child process with `ACCORD_WORKERS=n` (node:cluster, server/cluster.ts), `ACCORD_ROLE=api`,
 * `NODE_ENV=production`, on a database the bench has seeded. The load generator stays in the bench process,
 * so the server processes' CPU is measured on its own (from /proc, Linux only: `null` elsewhere).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { note, stopwatch } from './measure.js';
import { NODE_FLAGS } from '../../server/node-flags.js';
import { freePort } from '../../server/test/net.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'main.ts');
/** Starting under load (tsx compiling, migrations checked) can take long on a busy 2-core machine. */
const START_TIMEOUT_MS = 180_000;

export type ServerProcesses = {
  base: string;
  workers: number;
  /**
   * CPU seconds (user + system) used so far by the primary and its workers (`total`) and by the primary alone
   * (with one worker there is no primary: the process serves); null without /proc.
   */
  cpuSeconds(): { total: number; primary: number } | null;
  stop(): Promise<void>;
};

let ticksPerSecond: number | null | undefined;
function clockTicks(): number | null {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || null;
    } catch {
      ticksPerSecond = null;
    }
  }
  return ticksPerSecond;
}

/** utime + stime (ticks) and parent pid of a process, from /proc/<pid>/stat; null when it is gone. */
function procStat(pid: number): { ticks: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** The CPU seconds of `root` and its children (the cluster's workers are direct children), and of `root`. */
function treeCpuSeconds(root: number): { total: number; primary: number } | null {
  const hz = clockTicks();
  if (!hz) return null;
  const own = procStat(root)?.ticks ?? 0;
  let ticks = own;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === root) continue;
    const stat = procStat(pid);
    if (stat?.ppid === root) ticks += stat.ticks;
  }
  return { total: ticks / hz, primary: own / hz };
}

/**
 * Starts `server/main.ts` with `workers` API workers on `databaseUrl` (already migrated and seeded) and waits
 * until `/readyz` answers. `masterKey` must be the key the seed encrypted PII with (id `k1`).
 */
export async function startServerProcesses(
  databaseUrl: string,
  workers: number,
  masterKey: Buffer,
): Promise<ServerProcesses> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'accord-bench-server-'));
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      ACCORD_WORKERS: String(workers),
      ACCORD_ROLE: 'api',
      ACCORD_DEMO: 'false',
      ACCORD_MASTER_KEY: masterKey.toString('base64'),
      ACCORD_MASTER_KEY_ID: 'k1',
      PORT: String(port),
      HOST: '127.0.0.1',
      ACCORD_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const state: { exited: number | null } = { exited: null };
  child.on('exit', (code) => (state.exited = code ?? 1));
  const stop = async () => {
    if (state.exited === null) {
      child.kill('SIGTERM');
      const watch = stopwatch();
      while (state.exited === null && watch.ms() < 30_000) await sleep(50);
      if (state.exited === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const watch = stopwatch();
  for (;;) {
    if (state.exited !== null)
      throw new Error(`server/main.ts (${workers} workers) exited with ${state.exited}`);
    if (watch.ms() > START_TIMEOUT_MS) {
      await stop();
      throw new Error(`server/main.ts (${workers} workers) not ready after ${START_TIMEOUT_MS / 1000} s`);
    }
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    // The primary starts workers 2…N once the first listens: all forked, then all idle (done starting).
    if (ready && (workers === 1 || childrenOf(child.pid!).length >= workers)) break;
    await sleep(200);
  }
  if (workers > 1) await idle(childrenOf(child.pid!), watch);
  note(`server/main.ts with ${workers} worker(s) ready on ${base} in ${(watch.ms() / 1000).toFixed(1)} s`);
  return {
    base,
    workers,
    cpuSeconds: () => (child.pid ? treeCpuSeconds(child.pid) : null),
    stop,
  };
}

function childrenOf(primary: number): number[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && procStat(pid)?.ppid === primary);
}

/**
 * Waits until every worker has used under 5 % of a core for a second: started and listening. A connection
 * accepted before a worker listens goes to another one and stays there (keep-alive), so a load run started
 * early would measure fewer workers than it names.
 */
async function idle(pids: number[], watch: { ms(): number }): Promise<void> {
  const hz = clockTicks();
  if (!hz) return void (await sleep(5_000));
  for (;;) {
    const before = pids.map((pid) => procStat(pid)?.ticks ?? 0);
    await sleep(1_000);
    const busiest = Math.max(...pids.map((pid, i) => (procStat(pid)?.ticks ?? 0) - before[i]!)) / hz;
    if (busiest < 0.05 || watch.ms() > START_TIMEOUT_MS) return;
  }
}
