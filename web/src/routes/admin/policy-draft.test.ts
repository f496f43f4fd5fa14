import { describe, expect, it } from 'vitest';
import { beijingWallTime, fromDraft, toDraft } from './policy-draft';

describe('policy draft', () => {
  it('splits a pack into the form fields and the JSON, and joins them back in +08:00', () => {
    const pack = { id: 'event-tickets', version: 1, effectiveFrom: 'x', orderScope: 'all_orders', kind: 'k' };
    const draft = toDraft(pack, 2, '2027-03-01T00:00');
    expect(draft).toMatchObject({ version: 2, effectiveFrom: '2027-03-01T00:00', orderScope: 'all_orders' });
    expect(JSON.parse(draft.content)).toEqual({ id: 'event-tickets', kind: 'k' });
    expect(fromDraft({ ...draft, orderScope: 'orders_placed_from_effective' })).toEqual({
      pack: {
        id: 'event-tickets',
        kind: 'k',
        version: 2,
        effectiveFrom: '2027-03-01T00:00:00+08:00',
        orderScope: 'orders_placed_from_effective',
      },
    });
  });

  it('reports JSON that does not parse instead of sending it', () => {
    expect(
      fromDraft({ version: 2, effectiveFrom: '2027-03-01T00:00', orderScope: 'all_orders', content: '{' }),
    ).toHaveProperty('syntax');
  });

  it('reads an instant as Beijing wall time', () => {
    expect(beijingWallTime('2027-02-28T16:00:00Z')).toBe('2027-03-01T00:00');
  });
});
