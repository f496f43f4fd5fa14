import Fastify from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { errorHandler } from './problem.js';
import { firstDifference, responseSerializer, type ResponseCheck } from './serializers.js';

const NoteSchema = z.object({
  id: z.string(),
  replies: z.array(z.object({ text: z.string(), at: z.string().nullable() })),
});

/** A route whose answer is `answer` (typed loosely: the point is answers that do not fit the schema). */
async function appAnswering(check: ResponseCheck, answer: unknown) {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer(check));
  app.setErrorHandler(errorHandler);
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/note', { schema: { response: { 200: NoteSchema } } }, () => answer as z.infer<typeof NoteSchema>);
  await app.ready();
  return app;
}

const exact = { id: 'n1', replies: [{ text: '好的', at: null }] };
const leaking = { id: 'n1', replies: [{ text: '好的', at: null, internalNote: '仅客服可见' }] };

describe('response serialization (ADR 0015)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends the documented shape unchanged in both modes', async () => {
    for (const check of ['strict', 'off'] as const) {
      const app = await appAnswering(check, exact);
      const res = await app.inject({ url: '/note' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(exact);
      await app.close();
    }
  });

  it('strict: an undeclared nested key fails the request instead of being stripped', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const app = await appAnswering('strict', leaking);
    const res = await app.inject({ url: '/note' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('仅客服可见');
    expect(String(warn.mock.calls[0]?.[0])).toContain('.replies[0].internalNote (not in the schema)');
    await app.close();
  });

  it('strict: an answer that fails the schema is a 500', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const app = await appAnswering('strict', { id: 7, replies: [] });
    const res = await app.inject({ url: '/note' });
    expect(res.statusCode).toBe(500);
    await app.close();
  });

  it('off: the handler’s object is sent as it is (what the strict check guards against in tests)', async () => {
    const app = await appAnswering('off', leaking);
    const res = await app.inject({ url: '/note' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(leaking);
    await app.close();
  });

  it('firstDifference ignores key order and names the path', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, '')).toBeNull();
    expect(firstDifference({ a: [1, 2] }, { a: [1] }, '')).toBe('.a (length 2 ≠ 1)');
    expect(firstDifference({ a: { b: 1 } }, { a: { b: '1' } }, '')).toBe('.a.b (1 ≠ "1")');
    expect(firstDifference({}, { a: null }, '')).toBe('.a (added by the schema)');
  });
});
