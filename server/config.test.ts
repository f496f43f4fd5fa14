import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('defaults to the embedded database, port 3000, role all, demo on', () => {
    const c = loadConfig({}, []);
    expect(c).toMatchObject({ port: 3000, role: 'all', demo: true, databaseUrl: undefined, masterKeys: [] });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('turns the demo off with --no-demo or ACCORD_DEMO=false', () => {
    expect(loadConfig({}, ['node', 'main', '--no-demo']).demo).toBe(false);
    expect(loadConfig({ ACCORD_DEMO: 'false' }, []).demo).toBe(false);
  });

  it('fails fast listing every invalid variable', () => {
    const attempt = () =>
      loadConfig({ PORT: 'eighty', ACCORD_ROLE: 'worker', DATABASE_URL: 'not a url' }, []);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*ACCORD_ROLE[\s\S]*DATABASE_URL/);
  });

  it('runs one worker by default; several only on PostgreSQL and for the API', () => {
    expect(loadConfig({}, []).workers).toBe(1);
    const pg = { DATABASE_URL: 'postgres://accord@db:5432/accord' };
    expect(loadConfig({ ...pg, ACCORD_WORKERS: '4' }, []).workers).toBe(4);
    expect(() => loadConfig({ ACCORD_WORKERS: '2' }, [])).toThrow(
      /ACCORD_WORKERS: 2 worker processes need DATABASE_URL/,
    );
    expect(() => loadConfig({ ...pg, ACCORD_WORKERS: '2', ACCORD_ROLE: 'scheduler' }, [])).toThrow(
      /ACCORD_WORKERS: worker processes serve the API/,
    );
    expect(() => loadConfig({ ...pg, ACCORD_WORKERS: '0' }, [])).toThrow(/ACCORD_WORKERS/);
  });

  it('checks answers against their response schemas except in production', () => {
    expect(loadConfig({}, []).responseCheck).toBe('strict');
    expect(loadConfig({ NODE_ENV: 'test' }, []).responseCheck).toBe('strict');
    const key = { ACCORD_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
    expect(loadConfig({ NODE_ENV: 'production', ...key }, []).responseCheck).toBe('off');
    expect(
      loadConfig({ NODE_ENV: 'production', ...key, ACCORD_RESPONSE_CHECK: 'strict' }, []).responseCheck,
    ).toBe('strict');
  });

  it('requires a master key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, [])).toThrow(
      /ACCORD_MASTER_KEY: required in production/,
    );
  });

  it('needs the callback secrets with a payment provider URL', () => {
    expect(() => loadConfig({ ACCORD_PAYMENT_PROVIDER_URL: 'http://127.0.0.1:4010' }, [])).toThrow(
      /ACCORD_PAYMENT_CALLBACK_SECRETS: required/,
    );
    const c = loadConfig(
      { ACCORD_PAYMENT_PROVIDER_URL: 'http://127.0.0.1:4010', ACCORD_PAYMENT_CALLBACK_SECRETS: 'new,old' },
      [],
    );
    expect(c.payments).toMatchObject({ callbackSecrets: ['new', 'old'], timeoutMs: 10_000 });
  });

  it('lists the active key first and older keys after it', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const old = Buffer.alloc(32, 2).toString('base64');
    const c = loadConfig(
      { ACCORD_MASTER_KEY: key, ACCORD_MASTER_KEY_ID: 'k2', ACCORD_OLD_KEYS: `k1:${old}` },
      [],
    );
    expect(c.masterKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
  });
});
