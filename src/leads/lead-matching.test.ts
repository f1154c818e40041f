import { describe, expect, it } from 'vitest';
import { parseLeads, type Lead } from '../plan/lead.js';
import { directoryQuery } from './directory-query.js';
import { judgeMatches, replaceableBy, type DirectoryEntry } from './lead-matching.js';
import type { LeadMapping } from '../plan/lead-mapping.js';

/** The first lead of a Leads cell as the seed plans write it. */
function lead(cell: string): Lead {
  const first = parseLeads(cell)[0];
  if (!first) throw new Error(`no lead in "${cell}"`);
  return first;
}

let n = 0;
function person(displayName: string, mail: string | null = `${displayName.toLowerCase().replace(/\s+/g, '.')}@glos.example`, jobTitle: string | null = null): DirectoryEntry {
  n += 1;
  return { kind: 'user', id: `u${n}`, displayName, mail, userPrincipalName: mail, jobTitle };
}
function group(displayName: string, mailNickname: string): DirectoryEntry {
  n += 1;
  return { kind: 'group', id: `g${n}`, displayName, mail: `${mailNickname.toLowerCase()}@cheshire.example`, mailNickname };
}

describe('directory query for a lead', () => {
  it('asks for a person by the words of the name and by the first.last mail address', () => {
    expect(directoryQuery(lead('Jane Price'))).toEqual({ resource: 'users', search: '"displayName:jane price" OR "mail:jane.price"' });
  });

  it('drops a rank before a surname: "DCI Wenham" is asked for as Wenham', () => {
    expect(directoryQuery(lead('DCI Wenham'))).toEqual({ resource: 'users', search: '"displayName:wenham"' });
  });

  it('asks for "Louise West West/Dawn Porter" as Louise West, the slip collapsed', () => {
    expect(directoryQuery(lead('Louise West West/Dawn Porter'))?.search).toBe('"displayName:louise west" OR "mail:louise.west"');
  });

  it('asks for a group by its words and by the capitals that stand for it', () => {
    expect(directoryQuery(lead('Pan Cheshire Group (PCSG)'))).toEqual({ resource: 'groups', search: '"displayName:pan cheshire group" OR "displayName:pcsg" OR "mail:pcsg"' });
    expect(directoryQuery(lead("LSCB's"))).toEqual({ resource: 'groups', search: '"displayName:lscb" OR "mail:lscb"' });
    expect(directoryQuery(lead('All Steering group leads'))?.search).toBe('"displayName:steering group leads"');
  });

  it('searches words only, so a quote, backslash or ampersand in a name cannot break the clause', () => {
    expect(directoryQuery({ name: 'The "Hub" \\ Team', kind: 'group', role: null })?.search).toBe('"displayName:hub team"');
    expect(directoryQuery({ name: 'Training & Development', kind: 'group', role: null })?.search).toBe('"displayName:training development"');
    expect(directoryQuery({ name: "Jo O'Neil", kind: 'person', role: null })?.search).toBe('"displayName:jo oneil" OR "mail:jo.oneil"');
  });

  it('has nothing to search for a name of joining words only', () => {
    expect(directoryQuery({ name: 'All', kind: 'group', role: null })).toBeNull();
  });
});

describe('judging what the directory answered', () => {
  it('suggests the one person who carries every word of the name, not one whose name only starts the same', () => {
    const jane = person('Jane Price');
    const outcome = judgeMatches(lead('Jane Price'), [person('Janet Price'), jane]);
    expect(outcome).toMatchObject({ status: 'suggested', target: { id: jane.id, displayName: 'Jane Price', kind: 'user' } });
    expect(outcome.candidates.map((c) => c.id)).toEqual([jane.id]);
  });

  it('matches "DCI Wenham" on the surname, the rank dropped', () => {
    const wenham = person('Nigel Wenham', 'nigel.wenham@cheshire-police.example', 'Detective Chief Inspector');
    expect(judgeMatches(lead('DCI Wenham'), [wenham])).toMatchObject({ status: 'suggested', target: { id: wenham.id, jobTitle: 'Detective Chief Inspector' } });
  });

  it('reads a directory name written surname first, with the organisation in brackets', () => {
    const louise = person('West, Louise (Gloucestershire County Council)', 'lwest@gloucestershire.example');
    expect(judgeMatches(lead('Louise West West/Dawn Porter'), [louise, person('Louise Westbury')])).toMatchObject({ status: 'suggested', target: { id: louise.id } });
  });

  it('takes a first.last mail address as the person when the display name differs', () => {
    const natalie = person('Oakley Natalie PC 1234', 'natalie.oakley@glos-police.example');
    expect(judgeMatches(lead('Natalie Oakley - police comms'), [natalie])).toMatchObject({ status: 'suggested', target: { id: natalie.id } });
  });

  it('calls two people of one name ambiguous, lists both and chooses neither', () => {
    const [a, b] = [person('Sarah Scott', 'sarah.scott@glos.example', 'School Nurse'), person('Sarah Scott', 'sarah.scott@glos-schools.example')];
    const sarah = parseLeads('Louise West / Alana Greenway / Sarah Scott')[2]!;
    expect(judgeMatches(sarah, [a, b])).toEqual({
      status: 'ambiguous',
      target: null,
      candidates: [
        { kind: 'user', id: a.id, displayName: 'Sarah Scott', mail: 'sarah.scott@glos.example', userPrincipalName: 'sarah.scott@glos.example', jobTitle: 'School Nurse' },
        { kind: 'user', id: b.id, displayName: 'Sarah Scott', mail: 'sarah.scott@glos-schools.example', userPrincipalName: 'sarah.scott@glos-schools.example', jobTitle: null },
      ],
    });
  });

  it('leaves a lead nobody matches unmatched, showing what the directory offered instead', () => {
    const near = person('Janet Price');
    expect(judgeMatches(lead('Jane Price'), [near])).toMatchObject({ status: 'unmatched', target: null, candidates: [{ id: near.id }] });
    expect(judgeMatches(lead('Izzy Dougan'), [])).toEqual({ status: 'unmatched', target: null, candidates: [] });
  });

  it('matches a group by its words, or by the capitals the plan uses for it', () => {
    const pcsg = group('Pan Cheshire Strategic Group', 'PCSG');
    expect(judgeMatches(lead('Pan Cheshire Group (PCSG)'), [pcsg])).toMatchObject({ status: 'suggested', target: { kind: 'group', id: pcsg.id } });
    expect(judgeMatches(lead('PCSG'), [pcsg])).toMatchObject({ status: 'suggested', target: { id: pcsg.id } });
    expect(judgeMatches({ name: 'PCSG', kind: 'group', role: null }, [group('Pan Cheshire Strategic Group', 'cheshire-strategic')])).toMatchObject({ status: 'suggested' });
  });

  it('never takes "PSCG", the seed plan’s typo, for PCSG', () => {
    expect(judgeMatches(lead('PSCG'), [group('Pan Cheshire Strategic Group', 'PCSG')])).toMatchObject({ status: 'unmatched', target: null });
  });

  it('calls "LSCB\'s" ambiguous among the local boards', () => {
    const boards = [group('Halton LSCB', 'HaltonLSCB'), group('Warrington LSCB', 'WarringtonLSCB')];
    expect(judgeMatches(lead("LSCB's"), boards)).toMatchObject({ status: 'ambiguous', candidates: boards.map((b) => ({ id: b.id })) });
  });

  it('does not take a group for a person, nor a person for a group', () => {
    expect(judgeMatches(lead('Nigel Reid'), [group('Nigel Reid Team', 'nreid')]).status).toBe('unmatched');
    expect(judgeMatches(lead('LSCB training Managers'), [person('Lscb Training Managers')]).status).toBe('unmatched');
  });
});

describe('storing a match run', () => {
  const at = '2018-01-05T09:00:00.000Z';
  const m = (lead: string, status: LeadMapping['status']): LeadMapping => ({ lead, writtenAs: lead, status, target: null, candidates: [], updatedAt: at, confirmedBy: null });

  it('never replaces a mapping the owner confirmed', () => {
    const stored = [{ ...m('louise west', 'confirmed'), target: { kind: 'user' as const, id: 'u1', displayName: 'Louise West', mail: null }, confirmedBy: 'Plan owner' }, m('jane price', 'ambiguous')];
    expect(replaceableBy(stored, [m('louise west', 'unmatched'), m('jane price', 'unmatched'), m('dawn porter', 'unmatched')]).map((x) => x.lead)).toEqual(['jane price', 'dawn porter']);
  });
});
