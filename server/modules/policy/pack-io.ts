import { DomainError } from '../../http/errors.js';
import { zodIssueMessage } from '../../http/problem.js';
import { PolicyPackSchema, type PolicyPack } from './policy.schema.js';

/**
 * Validates a pack (from code, or stored JSON with fen as digit strings).
 * @throws VALIDATION_FAILED with one field error per problem (`windows.noReasonReturn.target.amount: …`).
 */
export function parsePolicyPack(input: unknown): PolicyPack {
  const parsed = PolicyPackSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DomainError('VALIDATION_FAILED', {
    message: `invalid policy pack: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    userMessage: { zh: '规则包内容有误', en: 'The policy pack is invalid' },
    fields: parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      code: issue.code,
      message: { zh: zodIssueMessage(issue, 'zh'), en: issue.message },
    })),
  });
}

/** A JSON-safe copy of a pack for storage or the API: every bigint becomes a digit string. */
export function serializePolicyPack(pack: PolicyPack): unknown {
  return JSON.parse(
    JSON.stringify(pack, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
  );
}
