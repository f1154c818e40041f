import { describe, expect, it } from 'vitest';
import type { LeadMapping } from './lead-mapping.js';
import { isPlanOwner } from './plan-owner.js';

const OLIVE = '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a09';
const mapping = (status: LeadMapping['status']): LeadMapping => ({
  lead: 'olive owner',
  writtenAs: 'Olive Owner',
  status,
  target: { kind: 'user', id: OLIVE, displayName: 'Olive Owner', mail: null },
  candidates: [],
  updatedAt: '2018-01-01T00:00:00.000Z',
  confirmedBy: 'x',
});

describe('who the plan owner is', () => {
  it('is the signed-in user the owner names by object id, or by a name the plan confirmed', () => {
    expect(isPlanOwner(OLIVE, { name: 'Anyone', userId: OLIVE.toUpperCase() }, [])).toBe(true);
    expect(isPlanOwner('Olive Owner', { name: 'Olive Owner', userId: OLIVE }, [mapping('confirmed')])).toBe(true);
  });

  it('is never someone who only shares the name, or a suggested match', () => {
    expect(isPlanOwner('Olive Owner', { name: 'Olive Owner', userId: 'another-user' }, [mapping('confirmed')])).toBe(false);
    expect(isPlanOwner('Olive Owner', { name: 'Olive Owner', userId: OLIVE }, [mapping('suggested')])).toBe(false);
    expect(isPlanOwner(null, { name: 'Olive Owner', userId: null }, [])).toBe(false);
  });

  it('without sign-in (local mode), is the person of that name', () => {
    expect(isPlanOwner('Olive Owner', { name: 'olive  owner', userId: null }, [])).toBe(true);
  });
});
