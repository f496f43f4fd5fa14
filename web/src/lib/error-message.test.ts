import { describe, expect, it } from 'vitest';
import { ApiError, toProblem } from '../api/problem';
import type { Translate } from '../i18n';
import { errorMessage, errorMessages } from './error-message';

const t = ((key: string) => key) as Translate;

const refusedPublish = new ApiError(
  toProblem(422, {
    title: '无法处理',
    status: 422,
    code: 'UNPROCESSABLE',
    detail: '生效时间不能早于现在',
    problems: [
      {
        code: 'effective_in_past',
        message: { zh: '生效时间不能早于现在', en: 'Effective time is in the past' },
      },
      { code: 'narrowing', message: { zh: '缩小了消费者的权利', en: 'Narrows consumer rights' } },
    ],
    narrowing: [],
  }),
);

describe('errorMessages', () => {
  it('gives every problem the server listed, in the user language, not only the first', () => {
    expect(errorMessage(refusedPublish, t)).toBe('生效时间不能早于现在');
    expect(errorMessages(refusedPublish, t, 'zh-CN')).toEqual(['生效时间不能早于现在', '缩小了消费者的权利']);
    expect(errorMessages(refusedPublish, t, 'en')).toEqual([
      'Effective time is in the past',
      'Narrows consumer rights',
    ]);
  });

  it('falls back to the single message when the server listed none', () => {
    const single = new ApiError(
      toProblem(409, { title: '冲突', status: 409, code: 'CONFLICT', detail: '已核销' }),
    );
    expect(errorMessages(single, t, 'zh-CN')).toEqual(['已核销']);
    expect(errorMessages(new Error('x'), t, 'en')).toEqual(['error.generic']);
  });
});

describe('problem extensions', () => {
  it('keeps the amounts and the reason a refusal carries', () => {
    const e = new ApiError(
      toProblem(422, {
        status: 422,
        code: 'UNPROCESSABLE',
        reason: 'EXCEEDS_WITHDRAWABLE',
        withdrawableFen: '12345',
      }),
    );
    expect([e.reason, e.fenExtension('withdrawableFen'), e.fenExtension('owedFen')]).toEqual([
      'EXCEEDS_WITHDRAWABLE',
      12345n,
      undefined,
    ]);
  });
});
