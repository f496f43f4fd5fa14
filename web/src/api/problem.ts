/** One field-level problem; `path` is dotted (`items.0.amountFen`), `message` already localized by the server. */
export type FieldProblem = { path: string; code: string; message: string };

/** One of several reasons a request was refused (not tied to a field), in both languages. */
export type ListedProblem = { code: string; message: { zh: string; en: string } };

/**
 * An RFC 9457 problem document as the Accord API sends it. `problems` lists every reason when there are
 * several (a refused policy publish; `detail` is only the first); `extensions` keeps the other members the
 * server added (`reason`, `withdrawableFen`, `owedFen` …) for the screens that use them.
 */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
  problems?: ListedProblem[];
  extensions?: Record<string, unknown>;
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

  /** Every reason the server listed (`problems`), empty when it sent a single one. */
  get listedProblems(): ListedProblem[] {
    return this.problem.problems ?? [];
  }

  /** A fen amount the server attached to the problem (`withdrawableFen`, `owedFen`), when it did. */
  fenExtension(name: string): bigint | undefined {
    const value = this.problem.extensions?.[name];
    return typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : undefined;
  }

  /** The server's machine-readable `reason` of a 422 (`EXCEEDS_WITHDRAWABLE`, `EXCEEDS_OWED` …). */
  get reason(): string | undefined {
    const value = this.problem.extensions?.reason;
    return typeof value === 'string' ? value : undefined;
  }

  /** True when the session is missing or expired. */
  get isUnauthenticated(): boolean {
    return this.status === 401 && this.code === 'UNAUTHENTICATED';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseListedProblems(value: unknown): ListedProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((p) => {
    const m = isRecord(p.message) ? p.message : {};
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    return { code: text(p.code), message: { zh: text(m.zh), en: text(m.en) } };
  });
}

const STANDARD_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'code',
  'instance',
  'requestId',
  'errors',
  'problems',
]);

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
  const problems = parseListedProblems(b.problems);
  if (problems) problem.problems = problems;
  const extensions = Object.entries(b).filter(([k]) => !STANDARD_MEMBERS.has(k));
  if (extensions.length > 0) problem.extensions = Object.fromEntries(extensions);
  return problem;
}
