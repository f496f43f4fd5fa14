import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { newRequestId } from './lib/ids.js';
import { authentication } from './http/auth.js';
import type { AppDeps } from './http/context.js';
import { idempotency } from './http/idempotency.js';
import { errorHandler, sendProblem } from './http/problem.js';
import { responseSerializer } from './http/serializers.js';
import { apiRoutes } from './routes.js';
import { maxUploadBytes } from './modules/evidence/index.js';

export type { AppDeps } from './http/context.js';

const WEB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

/** Paths pino must never print: credentials and personal data. */
export const LOG_REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.phone',
  '*.email',
  '*.idCard',
  '*.realName',
  '*.address',
];

/**
 * Builds the Fastify application with every route registered. Never listens: `main.ts` does that, tests use
 * `app.inject`. Without `loggerInstance` it logs nothing (tests).
 */
export async function buildApp(
  deps: AppDeps,
  options: { loggerInstance?: FastifyBaseLogger; serveWeb?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : newRequestId();
    },
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  // Plain JSON.stringify in production; checked against the response schema in development and tests (ADR 0015).
  app.setSerializerCompiler(responseSerializer(deps.config.responseCheck));
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyCookie);
  // Evidence uploads: one file per request, the largest per-kind limit; the route enforces the sniffed kind's.
  await app.register(fastifyMultipart, {
    limits: { fileSize: maxUploadBytes(), files: 1, fields: 10, fieldSize: 10_000 },
  });
  await app.register(authentication);
  await app.register(idempotency);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Accord API',
        version: '0.1.0',
        description:
          'Online dispute resolution for Chinese marketplaces. Errors are RFC 9457 problem+json with a stable `code`. ' +
          'Every POST honours an `Idempotency-Key` header. Integrations authenticate with `Authorization: Bearer <api key>`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'accord_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await deps.database.ping();
      return { status: 'ready', db: deps.database.kind };
    } catch {
      return sendProblem(reply, request, 'NOT_READY', 'database unreachable');
    }
  });

  await app.register(apiRoutes, { prefix: '/api/v1' });

  const serveWeb = (options.serveWeb ?? true) && existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      // Client-side routes: the SPA decides what to show.
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(
      reply,
      request,
      'NOT_FOUND',
      `No route ${request.method} ${request.url.split('?')[0]}`,
    );
  });
  return app;
}
