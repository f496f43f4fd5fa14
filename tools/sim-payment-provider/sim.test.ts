import { describe, expect, it } from 'vitest';
import { loadSimConfig } from './config.js';
import { applyModePatch, DEFAULT_MODE } from './mode.js';
import { KeyedMutex, seededRandom, TimerRegistry } from './runtime.js';

describe('simulator configuration', () => {
  it('reads the mode from the environment and keeps defaults for what is unset', () => {
    const config = loadSimConfig({
      SIM_SECRET: 'secret-123',
      SIM_LATENCY_MS: '10-80',
      SIM_FAILURE_RATE: '0.1',
    });
    expect(config).toMatchObject({ port: 4010, host: '127.0.0.1', seed: 1 });
    expect(config.mode).toEqual({ latencyMs: { min: 10, max: 80 }, failureRate: 0.1 });
    expect(loadSimConfig({ SIM_SECRET: 'secret-123', SIM_LATENCY_MS: '25' }).mode.latencyMs).toEqual({
      min: 25,
      max: 25,
    });
  });

  it('refuses to start without a secret or with a rate above 1', () => {
    expect(() => loadSimConfig({})).toThrow(/SIM_SECRET/);
    expect(() => loadSimConfig({ SIM_SECRET: 'secret-123', SIM_FAILURE_RATE: '1.5' })).toThrow(
      /SIM_FAILURE_RATE/,
    );
  });

  it('validates a mode patch against the whole mode', () => {
    const mode = applyModePatch(DEFAULT_MODE, { latencyMs: { min: 0, max: 5 } });
    expect(() => applyModePatch(mode, { latencyMs: { min: 9, max: 5 } })).toThrow();
    expect(() => applyModePatch(mode, { failureRate: -0.1 })).toThrow();
  });
});

describe('runtime', () => {
  it('replays the same random sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it('runs sections under one key one at a time and forgets idle keys', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const section = (name: string) => async () => {
      log.push(`${name}:in`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`${name}:out`);
    };
    await Promise.all([mutex.run('p', section('a')), mutex.run('p', section('b'))]);
    expect(log).toEqual(['a:in', 'a:out', 'b:in', 'b:out']);
    expect(mutex.busyKeys).toBe(0);
  });

  it('lets the next section run when one throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('p', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('p', () => Promise.resolve(1))).resolves.toBe(1);
  });

  it('cancels pending timers and wakes sleepers on close', async () => {
    const timers = new TimerRegistry(() => {});
    let ran = false;
    timers.later(10, () => {
      ran = true;
    });
    const sleeping = timers.sleep(60_000);
    timers.close();
    await sleeping;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toBe(false);
    expect(timers.pending).toBe(0);
  });
});
