import type { Db } from '../../db/client.js';
import { fileCases, type FiledCase, type Filing } from './open-case.js';

type Waiting = { filing: Filing; resolve: (filed: FiledCase) => void; reject: (error: unknown) => void };
/** `starting`: a batch start is scheduled for the end of this turn of the event loop. */
type Lane = { waiting: Waiting[]; inFlight: number; starting: boolean };

export type IntakeBatcherOptions = {
  /** Filings written in one transaction at most. */
  maxBatch?: number;
  /** Transactions one process runs at once per tenant (they meet at the tenant's counter and audit head). */
  maxInFlight?: number;
};

/**
 * Group commit for intake (docs/adr/0004-intake-group-commit.md). Filings of one tenant that arrive while its
 * previous transactions are still running wait, then go together into ONE transaction ({@link fileCases}):
 * one counter update, one audit append and one multi-row insert per table for all of them. A filing alone
 * is written at the end of the event loop's turn that read it, so an idle server adds no delay to speak of. Each caller still gets its own answer: its rows, or
 * its own business error (the others are unaffected). If a batch fails as a whole (a race with another
 * process on the same order and issue, a deadlock victim…), its filings are retried one by one.
 */
export class IntakeBatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly running = new Set<Promise<void>>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Db,
    options: IntakeBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxInFlight = options.maxInFlight ?? 2;
  }

  /** Files one case; resolves with what was written, rejects with the filing's own error. */
  file(filing: Filing): Promise<FiledCase> {
    return new Promise<FiledCase>((resolve, reject) => {
      const lane = this.lanes.get(filing.tenantId) ?? { waiting: [], inFlight: 0, starting: false };
      this.lanes.set(filing.tenantId, lane);
      lane.waiting.push({ filing, resolve, reject });
      // Start at the end of this turn of the event loop, not now: the requests read in the same turn join the
      // batch. Without it, a database that answers without giving the event loop a turn (PGlite runs in this
      // thread and resolves in microtasks) would run each filing's whole transaction before the next request
      // was even read — batches of one (measured: 1,399 batches, all of one filing, at 32 clients).
      if (!lane.starting) {
        lane.starting = true;
        setImmediate(() => {
          lane.starting = false;
          this.pump(filing.tenantId, lane);
          if (lane.inFlight === 0 && lane.waiting.length === 0) this.lanes.delete(filing.tenantId);
        });
      }
    });
  }

  /** Waits until every filing handed in so far is answered. */
  async drain(): Promise<void> {
    const pending = () => [...this.lanes.values()].some((l) => l.starting || l.waiting.length > 0);
    while (this.running.size > 0 || pending()) {
      if (this.running.size > 0) await Promise.allSettled([...this.running]);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private pump(tenantId: string, lane: Lane): void {
    while (lane.inFlight < this.maxInFlight && lane.waiting.length > 0) {
      const batch = lane.waiting.splice(0, this.maxBatch);
      lane.inFlight += 1;
      const run = this.write(batch).finally(() => {
        this.running.delete(run);
        lane.inFlight -= 1;
        if (lane.inFlight === 0 && lane.waiting.length === 0 && !lane.starting) this.lanes.delete(tenantId);
        else this.pump(tenantId, lane);
      });
      this.running.add(run);
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await fileCases(
        this.db,
        batch.map((w) => w.filing),
      );
      batch.forEach((w, i) => settle(w, outcomes[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const w of batch) {
        try {
          const [outcome] = await fileCases(this.db, [w.filing]);
          settle(w, outcome!);
        } catch (alone) {
          w.reject(alone);
        }
      }
    }
  }
}

function settle(w: Waiting, outcome: Awaited<ReturnType<typeof fileCases>>[number]): void {
  if (outcome.ok) w.resolve(outcome.filed);
  else w.reject(outcome.error);
}
