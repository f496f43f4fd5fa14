/** One field-level problem; `path` is dotted (`items.0.amountFen`), `message` already localized by the server. */
export type FieldProblem = { path: string; code: string; message: string };

/** An RFC 9457 problem document as the Accord API sends it. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
};

/** Codes the client itself produces when there is no problem document to read. */
export const CLIENT_ERROR_CODES = { network: 'NETWORK_ERROR', badResponse: 'BAD_RESPONSE' } as const;

/**
 * A failed API call. `code` is the server's stable error code (or one of CLIENT_ERROR_CODES); `message` is
 * the server's localized `detail`, falling back to its `title`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }

  /** Field-level problems, empty when the server sent none. */
  get fieldErrors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }

  /** True when the session is missing or expired. */
  get isUnauthenticated(): boolean {
    return this.status === 401 && this.code === 'UNAUTHENTICATED';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseFieldProblems(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((e) => ({
    path: typeof e.path === 'string' ? e.path : '',
    code: typeof e.code === 'string' ? e.code : '',
    message: typeof e.message === 'string' ? e.message : '',
  }));
}

/**
 * Reads a problem document defensively: a proxy or a crash can answer with HTML or an incomplete body, and
 * the UI must still get an ApiError with a status and a code.
 */
export function toProblem(status: number, body: unknown): Problem {
  const b = isRecord(body) ? body : {};
  const problem: Problem = {
    type: typeof b.type === 'string' ? b.type : 'about:blank',
    title: typeof b.title === 'string' ? b.title : `HTTP ${status}`,
    status: typeof b.status === 'number' ? b.status : status,
    code: typeof b.code === 'string' ? b.code : `HTTP_${status}`,
  };
  if (typeof b.detail === 'string') problem.detail = b.detail;
  if (typeof b.requestId === 'string') problem.requestId = b.requestId;
  const errors = parseFieldProblems(b.errors);
  if (errors) problem.errors = errors;
  return problem;
}
