/**
 * Domain errors and the ONE table that maps their stable codes to HTTP status. Codes are a contract with
 * clients: add new ones, never rename.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_READY: 503,
  /** PostgreSQL chose this request as a deadlock or serialization victim; nothing was saved; send it again. */
  RETRY_LATER: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A field-level problem: `path` is dotted (`items.0.unitPriceFen`), `message` already localized. */
export type FieldError = { path: string; code: string; message: string };

/** A localized message: zh-CN is the default language, English the alternative. */
export type LocalizedText = { zh: string; en: string };

/** Thrown by use cases; the error handler turns it into problem+json. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: LocalizedText | undefined;
  readonly fields: { path: string; code: string; message: LocalizedText }[];
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      userMessage?: LocalizedText;
      fields?: { path: string; code: string; message: LocalizedText }[];
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(options.message ?? options.userMessage?.en ?? code);
    this.name = 'DomainError';
    this.code = code;
    this.userMessage = options.userMessage;
    this.fields = options.fields ?? [];
    this.extra = options.extra;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Shorthand for the common "not found (or not yours)" case, which must look identical either way. */
export function notFound(what: LocalizedText = { zh: '未找到该资源', en: 'Not found' }): DomainError {
  return new DomainError('NOT_FOUND', { userMessage: what });
}

/** A single-field validation error raised by a use case (not by the schema). */
export function invalidField(path: string, code: string, message: LocalizedText): DomainError {
  return new DomainError('VALIDATION_FAILED', {
    userMessage: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
    fields: [{ path, code, message }],
  });
}
