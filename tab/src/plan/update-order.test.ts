import { describe, expect, it } from 'vitest';
import type { Update } from '../../../src/plan/update.js';
import { newestFirst } from './update-order.js';

const update = (sequence: number, date: string | null): Update => ({
  id: `u${sequence}`,
  actionId: 'a',
  sequence,
  date,
  dateSource: date === null ? 'none' : 'stated',
  author: null,
  authorId: null,
  text: `entry ${sequence}`,
  origin: 'import',
  ragAfter: null,
  timescaleAfter: null,
  key: `k${sequence}`,
  recordedAt: '2018-03-01T00:00:00.000Z',
});

describe('update history order', () => {
  it('puts the newest dated entry first and undated entries after every dated one, last written first', () => {
    const history = [update(0, null), update(1, '2017-06'), update(2, '2017-10-03'), update(3, null), update(4, '2017-10')];
    expect(newestFirst(history).map((u) => u.id)).toEqual(['u2', 'u4', 'u1', 'u3', 'u0']);
  });

  it('orders entries of the same date by when they were written', () => {
    expect(newestFirst([update(0, '2013-05-15'), update(1, '2013-05-15')]).map((u) => u.id)).toEqual(['u1', 'u0']);
  });
});
