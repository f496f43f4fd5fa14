import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, problem } from '../test/app.js';

describe('problem+json for what users can type', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t.close());

  it('answers an unknown API route with 404 problem+json', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(problem(res)).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      type: expect.stringContaining('not-found'),
    });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"tenant": "demo", ',
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).code).toBe('BAD_REQUEST');
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ tenant: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(problem(res).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('carries the request id in the header and the problem', async () => {
    const res = await t.app.inject({ url: '/api/v1/auth/me', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(problem(res)).toMatchObject({ requestId: 'trace-123' });
  });

  it('serves the OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/orders', '/api/v1/auth/login', '/api/v1/audit/verify']),
    );
    const docs = await t.app.inject({ url: '/api/docs' });
    expect(docs.statusCode).toBeLessThan(400);
  });

  it('reports health and readiness', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready', db: 'pglite' });
  });
});

describe('a lost deadlock', () => {
  it('answers 503 RETRY_LATER, not 500, so the client sends the request again', async () => {
    const { default: Fastify } = await import('fastify');
    const { errorHandler } = await import('./problem.js');
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    // What Drizzle throws when PostgreSQL broke a deadlock: the driver's error as the cause.
    app.get('/deadlock', () => {
      throw Object.assign(new Error('Failed query'), {
        cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      });
    });
    const res = await app.inject({ url: '/deadlock', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(503);
    expect(problem(res)).toMatchObject({ code: 'RETRY_LATER', status: 503 });
    await app.close();
  });
});
