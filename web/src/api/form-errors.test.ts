import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { applyProblemToForm, pathToNamePath } from './form-errors';
import { ApiError, toProblem } from './problem';

/** Just enough of antd's FormInstance: the registered fields and a record of setFields calls. */
function fakeForm(fields: (string | number)[][]) {
  const set: { name: unknown; errors?: string[] }[] = [];
  const form = {
    getFieldsError: () => fields.map((name) => ({ name, errors: [], warnings: [] })),
    setFields: (entries: { name: unknown; errors?: string[] }[]) => set.push(...entries),
  } as unknown as FormInstance;
  return { form, set };
}

const validationError = (errors: { path: string; code: string; message: string }[]) =>
  new ApiError(toProblem(400, { title: '提交的内容有误', status: 400, code: 'VALIDATION_FAILED', errors }));

describe('pathToNamePath', () => {
  it('turns dotted paths into antd name paths with numeric list indexes', () => {
    expect(pathToNamePath('username')).toEqual(['username']);
    expect(pathToNamePath('items.0.amountFen')).toEqual(['items', 0, 'amountFen']);
  });
});

describe('applyProblemToForm', () => {
  it('puts each message on its field and groups several messages for one field', () => {
    const { form, set } = fakeForm([['tenant'], ['items', 0, 'amountFen']]);
    const result = applyProblemToForm(
      form,
      validationError([
        { path: 'tenant', code: 'too_small', message: '至少 1 个字符' },
        { path: 'items.0.amountFen', code: 'too_small', message: '金额不能为负' },
        { path: 'items.0.amountFen', code: 'not_integer', message: '金额须为整数（分）' },
      ]),
    );
    expect(result).toEqual({ unmatched: [], matchedAny: true });
    expect(set).toEqual([
      { name: ['tenant'], errors: ['至少 1 个字符'] },
      { name: ['items', 0, 'amountFen'], errors: ['金额不能为负', '金额须为整数（分）'] },
    ]);
  });

  it('returns problems for fields the form does not have, for a form-level alert', () => {
    const { form, set } = fakeForm([['username']]);
    const problem = { path: 'query.cursor', code: 'invalid_cursor', message: '分页游标无效' };
    expect(applyProblemToForm(form, validationError([problem]))).toEqual({
      unmatched: [problem],
      matchedAny: false,
    });
    expect(set).toEqual([]);
  });

  it('maps a server path to a differently named field through aliases', () => {
    const { form, set } = fakeForm([['orderNo']]);
    applyProblemToForm(form, validationError([{ path: 'externalId', code: 'x', message: '订单号不存在' }]), {
      externalId: ['orderNo'],
    });
    expect(set).toEqual([{ name: ['orderNo'], errors: ['订单号不存在'] }]);
  });

  it('leaves the form alone for errors that are not API problems', () => {
    const { form, set } = fakeForm([['username']]);
    expect(applyProblemToForm(form, new Error('boom'))).toEqual({ unmatched: [], matchedAny: false });
    expect(set).toEqual([]);
  });
});

describe('toProblem', () => {
  it('still yields a status and a code for a body that is not a problem document', () => {
    const problem = toProblem(502, '<html>Bad Gateway</html>');
    expect(problem).toMatchObject({ status: 502, code: 'HTTP_502', title: 'HTTP 502' });
  });
});
