/**
 * Small runtime pieces of the simulated provider: a seeded random source (so tests replay exactly), a keyed
 * mutex (so awaits cannot interleave two operations on one payment) and a timer registry (so `close()` leaves
 * nothing running).
 */

/** A seeded PRNG (mulberry32): the same seed gives the same sequence of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] drawn from `random`. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * Runs async sections one at a time per key. Node runs one callback at a time, but a handler that checks the
 * refundable amount, awaits, then records the refund lets a concurrent handler check the same stale amount in
 * between: the mutex makes check-await-write atomic per payment.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `section` after every earlier section under `key` has finished (whether it threw or not). */
  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      // Forget idle keys so 50,000 payments do not leave 50,000 resolved promises behind.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Number of keys with a section running or waiting (for tests and stats). */
  get busyKeys(): number {
    return this.tails.size;
  }
}

/** Timers that can all be cancelled at once; a task's error is reported, never thrown into the void. */
export class TimerRegistry {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private readonly controller = new AbortController();
  private closed = false;
  /** Aborted by {@link close}: outbound requests pass it so closing does not wait for them. */
  readonly closeSignal: AbortSignal = this.controller.signal;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `task` after `ms` milliseconds unless the registry is closed first. */
  later(ms: number, task: () => Promise<void> | void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => this.onError(error));
    }, ms);
    this.timers.add(timer);
  }

  /** Resolves after `ms` (a simulated delay); resolves at once when closed so handlers finish. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.timers.add(timer);
      this.sleepers.add(wake);
    });
  }

  /** Pending timers (for tests). */
  get pending(): number {
    return this.timers.size;
  }

  /** Cancels every pending timer and aborts outbound requests that watch {@link closeSignal}. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of [...this.sleepers]) wake();
    this.controller.abort();
  }
}
