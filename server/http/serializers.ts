import type { FastifySerializerCompiler } from 'fastify/types/schema.js';

/**
 * A route-level `serializerCompiler` for large responses built by a typed presenter (`z.infer` of the route's
 * response schema): plain `JSON.stringify`, without the Zod encode pass the default serializer runs on every
 * answer (about a millisecond for a full case page). The schema still documents the route in OpenAPI, and the
 * type checker holds the presenter to it; the presenter must build its objects field by field (no spreading
 * of stored rows), since nothing strips unknown keys any more.
 */
export const presentedJson: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);
