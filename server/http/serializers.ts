import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import {
  ResponseSerializationError,
  serializerCompiler as zodSerializerCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * How answers with a response schema are serialized (ADR 0015):
 * - `off` (production): plain `JSON.stringify` of what the handler returned. The schema documents the route
 *   in OpenAPI and the type checker holds presenters to it, but no Zod pass runs per answer (it was the
 *   largest single cost of a full case page) and nothing strips unknown keys.
 * - `strict` (development, test): the answer is ALSO encoded with the route's Zod schema, and the two JSON
 *   documents must be equal — a key the schema does not declare (an internal note, a PII column from a
 *   spread row) or a value the schema would change fails the request with a 500 instead of being silently
 *   dropped. The bytes sent are the plain `JSON.stringify` ones, so tests see exactly what production sends.
 */
export type ResponseCheck = 'strict' | 'off';

const plainJson: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);

const strictJson: FastifySerializerCompiler<unknown> = (route) => {
  const encode = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
  return (data) => {
    const sent = JSON.stringify(data);
    const documented = encode(data); // throws ResponseSerializationError when the data fails the schema
    const difference = firstDifference(parseJson(sent), parseJson(documented), '');
    if (difference !== null) {
      const message = `${route.method} ${route.url} (${route.httpStatus}): the answer differs from its response schema at ${difference || '(root)'}`;
      // Tests run with the logger off: say it on stderr, or a failing route only shows as a bare 500.
      process.emitWarning(message, 'ResponseShapeWarning');
      const cause = new z.ZodError([{ code: 'custom', path: [], message, input: data }]);
      throw new ResponseSerializationError(route.method, route.url, { cause });
    }
    return sent;
  };
};

/** The serializer compiler for {@link ResponseCheck}. */
export function responseSerializer(check: ResponseCheck): FastifySerializerCompiler<unknown> {
  return check === 'strict' ? strictJson : plainJson;
}

const parseJson = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));

/**
 * The path of the first place where two JSON values differ (`.timeline[3].internalNote`), `null` when they
 * are equal. Key order does not matter.
 */
export function firstDifference(sent: unknown, documented: unknown, at: string): string | null {
  if (sent === documented) return null;
  if (Array.isArray(sent) && Array.isArray(documented)) {
    if (sent.length !== documented.length) return `${at} (length ${sent.length} ≠ ${documented.length})`;
    for (let i = 0; i < sent.length; i++) {
      const d = firstDifference(sent[i], documented[i], `${at}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isObject(sent) && isObject(documented)) {
    for (const key of Object.keys(sent)) {
      if (!(key in documented)) return `${at}.${key} (not in the schema)`;
      const d = firstDifference(sent[key], documented[key], `${at}.${key}`);
      if (d !== null) return d;
    }
    for (const key of Object.keys(documented)) {
      if (!(key in sent)) return `${at}.${key} (added by the schema)`;
    }
    return null;
  }
  return `${at} (${JSON.stringify(sent)?.slice(0, 40)} ≠ ${JSON.stringify(documented)?.slice(0, 40)})`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
