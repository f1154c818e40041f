import { describe, expect, it } from 'vitest';
import { parseLeads } from '../../src/plan/lead.js';
import { nameNamesLead } from './lead-check.js';

describe('lead check by name', () => {
  const [louise] = parseLeads('Louise West');
  const [team] = parseLeads('CP Training and Development (Nigel Reid)');
  const [group] = parseLeads('PCSG');

  it('knows a person by their whole name, however the directory writes it', () => {
    expect(nameNamesLead(louise!, 'Louise West')).toBe(true);
    expect(nameNamesLead(louise!, 'LOUISE  WEST')).toBe(true);
    expect(nameNamesLead(louise!, 'West, Louise')).toBe(true);
  });

  it('does not take a first name alone, or someone else of the same surname', () => {
    expect(nameNamesLead(louise!, 'Louise')).toBe(false);
    expect(nameNamesLead(louise!, 'Anna West')).toBe(false);
  });

  it('knows the person who leads for a team, and nobody for a group known only by its initials', () => {
    expect(nameNamesLead(team!, 'Nigel Reid')).toBe(true);
    expect(nameNamesLead(group!, 'Nigel Reid')).toBe(false);
  });
});
