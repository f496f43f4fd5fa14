import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { isRetryableConflict } from '../db/conflicts.js';
import { DomainError, ERROR_STATUS, type ErrorCode, type FieldError, type LocalizedText } from './errors.js';

const TITLES: Record<ErrorCode, LocalizedText> = {
  VALIDATION_FAILED: { zh: '提交的内容有误', en: 'Validation failed' },
  BAD_REQUEST: { zh: '请求无法处理', en: 'Bad request' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Authentication required' },
  INVALID_CREDENTIALS: { zh: '账号或密码错误', en: 'Invalid username or password' },
  FORBIDDEN: { zh: '无权执行此操作', en: 'Forbidden' },
  CSRF_FAILED: { zh: '页面已过期，请刷新后重试', en: 'CSRF check failed; reload the page and try again' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
  METHOD_NOT_ALLOWED: { zh: '不支持的请求方法', en: 'Method not allowed' },
  CONFLICT: { zh: '与现有数据冲突', en: 'Conflict' },
  INVALID_TRANSITION: { zh: '当前状态下不能执行此操作', en: 'Action not allowed in the current state' },
  IDEMPOTENCY_IN_PROGRESS: {
    zh: '相同请求正在处理中',
    en: 'A request with this Idempotency-Key is in progress',
  },
  PAYLOAD_TOO_LARGE: { zh: '内容过大', en: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported media type' },
  IDEMPOTENCY_KEY_REUSED: {
    zh: '该幂等键已用于另一个请求',
    en: 'This Idempotency-Key was used for a different request',
  },
  UNPROCESSABLE: { zh: '请求无法处理', en: 'Unprocessable request' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests' },
  INTERNAL: { zh: '系统繁忙，请稍后再试', en: 'Internal error' },
  NOT_READY: { zh: '服务尚未就绪', en: 'Service not ready' },
  RETRY_LATER: {
    zh: '同时处理的请求过多，本次未保存，请重试',
    en: 'Too many simultaneous changes; nothing was saved, please try again',
  },
};

export type Lang = 'zh' | 'en';

/** Picks the response language from Accept-Language: Chinese unless the client prefers English. */
export function languageOf(request: FastifyRequest): Lang {
  const header = request.headers['accept-language'] ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

type ZodIssueLike = {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  keys?: string[];
  format?: string;
  origin?: string;
};

/** Chinese wording for the Zod issues users can cause; English keeps Zod's own message. */
export function zodIssueMessage(issue: ZodIssueLike, lang: Lang): string {
  if (lang === 'en') return issue.message;
  const isString = issue.origin === 'string';
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.includes('received undefined')
        ? '此项为必填项'
        : `类型不正确，应为 ${String(issue.expected)}`;
    case 'too_small':
      return isString ? `至少 ${String(issue.minimum)} 个字符` : `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return isString ? `最多 ${String(issue.maximum)} 个字符` : `不能大于 ${String(issue.maximum)}`;
    case 'invalid_format':
      return `格式不正确（${issue.format ?? '格式'}）`;
    case 'invalid_value':
      return '取值不在允许范围内';
    case 'unrecognized_keys':
      return `不认识的字段：${(issue.keys ?? []).join(', ')}`;
    default:
      return issue.message;
  }
}

function zodFieldErrors(issues: ZodIssueLike[], prefix: string, lang: Lang): FieldError[] {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((k) => ({
        path: [prefix, base, k].filter(Boolean).join('.'),
        code: issue.code,
        message: zodIssueMessage(issue, lang),
      }));
    }
    return [
      {
        path: [prefix, base].filter(Boolean).join('.'),
        code: issue.code,
        message: zodIssueMessage(issue, lang),
      },
    ];
  });
}

/** Sends an RFC 9457 problem document. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  detail: string | undefined,
  errors: FieldError[] = [],
  extra: Record<string, unknown> = {},
): FastifyReply {
  const lang = languageOf(request);
  const title = TITLES[code][lang];
  return reply
    .status(ERROR_STATUS[code])
    .type('application/problem+json')
    .send({
      type: `https://accord.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
      title,
      status: ERROR_STATUS[code],
      detail: detail ?? title,
      code,
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...(errors.length > 0 ? { errors } : {}),
      ...extra,
    });
}

/** The one error handler: domain errors, schema validation, Fastify's own errors, then 500. */
export function errorHandler(
  error: FastifyError | DomainError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const lang = languageOf(request);
  if (error instanceof DomainError) {
    const fields = error.fields.map((f) => ({ path: f.path, code: f.code, message: f.message[lang] }));
    return sendProblem(reply, request, error.code, error.userMessage?.[lang], fields, error.extra);
  }
  if (error instanceof ZodError) {
    // A payload validated inside a handler (e.g. per-action bodies): same answer as a schema failure.
    const detail = lang === 'zh' ? '提交的内容有误，请检查标出的字段' : 'Some fields are invalid';
    const issues = error.issues.map((i) => ({ ...(i as unknown as ZodIssueLike), path: i.path }));
    return sendProblem(reply, request, 'VALIDATION_FAILED', detail, zodFieldErrors(issues, '', lang));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const prefix = context === 'body' ? '' : context === 'querystring' ? 'query' : context;
    const issues: ZodIssueLike[] = error.validation.map((v) => ({
      ...(v.params as Partial<ZodIssueLike>),
      code: v.keyword,
      path: v.instancePath.split('/').filter(Boolean),
      message: v.message ?? v.keyword,
    }));
    const detail = lang === 'zh' ? '提交的内容有误，请检查标出的字段' : 'Some fields are invalid';
    return sendProblem(reply, request, 'VALIDATION_FAILED', detail, zodFieldErrors(issues, prefix, lang));
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendProblem(reply, request, 'INTERNAL', undefined);
  }
  if (isRetryableConflict(error)) {
    request.log.warn({ err: error }, 'transaction lost a deadlock or serialization conflict');
    return sendProblem(reply, request, 'RETRY_LATER', undefined);
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return sendProblem(reply, request, 'PAYLOAD_TOO_LARGE', undefined);
  if (status === 415) return sendProblem(reply, request, 'UNSUPPORTED_MEDIA_TYPE', undefined);
  if (status === 429) return sendProblem(reply, request, 'RATE_LIMITED', undefined);
  if (status >= 400 && status < 500) {
    // Malformed JSON, bad content-length and the like: the client's fault, say so plainly.
    return sendProblem(reply, request, 'BAD_REQUEST', error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, request, 'INTERNAL', undefined);
}
