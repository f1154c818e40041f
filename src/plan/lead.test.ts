import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leadMatches, normaliseLeadName, parseLeads, type Lead } from './lead.js';

/** The Lead(s) column of a seed plan, one entry per cell, paragraphs as line breaks. */
function seedLeads(file: string): string[] {
  const text = readFileSync(new URL(`../../samples/${file}`, import.meta.url), 'utf8');
  const cells = text
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((cells) => cells.length >= 6 && (cells[0]!.trim() === '' || /^\d/.test(cells[0]!)))
    .map((cells) => cells[3]!.replace(/<\/?p>/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean).join('\n'))
    .filter((cell) => cell !== '' && !/^-+$/.test(cell) && !['Lead', 'Leads'].includes(cell));
  return [...new Set(cells)];
}

const person = (name: string, role: string | null = null): Lead => ({ name, kind: 'person', role });
const group = (name: string, role: string | null = null): Lead => ({ name, kind: 'group', role });

/** Every Lead cell of the Cheshire plan, with the leads it names. */
const CHESHIRE: Record<string, Lead[]> = {
  'Pan Cheshire Group (PCSG)': [group('Pan Cheshire Group', 'PCSG')],
  'Pan Cheshire and Sub Groups': [group('Pan Cheshire and Sub Groups')],
  "LSCB's\nSPPU – DCI": [group("LSCB's"), group('SPPU – DCI')],
  "LSCB's": [group("LSCB's")],
  'DCI Wenham': [person('DCI Wenham')],
  'CP Training and Development (Nigel Reid)\nLSCB training Managers': [person('Nigel Reid', 'CP Training and Development'), group('LSCB training Managers')],
  'CP Training and Development (Nigel Reid)': [person('Nigel Reid', 'CP Training and Development')],
  'LSCB training Managers': [group('LSCB training Managers')],
  PSCG: [group('PSCG')],
  PCSG: [group('PCSG')],
  'Nigel Wenham': [person('Nigel Wenham')],
};

/** Every Leads cell of the Gloucestershire plan, with the leads it names. */
const GLOUCESTERSHIRE: Record<string, Lead[]> = {
  'Jane Price/ Lynne Speak': [person('Jane Price'), person('Lynne Speak')],
  'Jane Price / Izzy Dougan / Nigel Hatten': [person('Jane Price'), person('Izzy Dougan'), person('Nigel Hatten')],
  'Natalie Oakley (police comms)': [person('Natalie Oakley', 'police comms')],
  'Steve Bean': [person('Steve Bean')],
  'Jane Bee / Louise West': [person('Jane Bee'), person('Louise West')],
  'Jane Bee/Louise West': [person('Jane Bee'), person('Louise West')],
  'Dawn Porter': [person('Dawn Porter')],
  'Jane Price/Natalie Oakley (Police)': [person('Jane Price'), person('Natalie Oakley', 'Police')],
  'Jane Price / Jenny Kadodia': [person('Jane Price'), person('Jenny Kadodia')],
  'Louise West West/Dawn Porter': [person('Louise West'), person('Dawn Porter')],
  'Sarah Jasper': [person('Sarah Jasper')],
  'Louise West': [person('Louise West')],
  'Louise West / Jane Price': [person('Louise West'), person('Jane Price')],
  'Louise West / Dawn Porter': [person('Louise West'), person('Dawn Porter')],
  'Barry Jones': [person('Barry Jones')],
  'Louise West / Tracy Clark (YG)': [person('Louise West'), person('Tracy Clark', 'YG')],
  'Izzy Dougan': [person('Izzy Dougan')],
  'Izzy Dougan/Sarita Walker': [person('Izzy Dougan'), person('Sarita Walker')],
  'Louise West/ Sarita Walker': [person('Louise West'), person('Sarita Walker')],
  'Louise West/Sarita Walker': [person('Louise West'), person('Sarita Walker')],
  'Jane Price/Lynne Speak/Jenny': [person('Jane Price'), person('Lynne Speak'), person('Jenny')],
  'Penny Humphris / Amanda Henderson': [person('Penny Humphris'), person('Amanda Henderson')],
  'Jane Bee': [person('Jane Bee')],
  'Barry Jones / Jane Price/Jane Bee': [person('Barry Jones'), person('Jane Price'), person('Jane Bee')],
  'Emma Woodward': [person('Emma Woodward')],
  'Chris Hanson': [person('Chris Hanson')],
  'Nigel Hatten': [person('Nigel Hatten')],
  'Chris Hanson/Julie Miles': [person('Chris Hanson'), person('Julie Miles')],
  'Louise West/ Tracy Clark': [person('Louise West'), person('Tracy Clark')],
  'Louise West / Annette Blackstock': [person('Louise West'), person('Annette Blackstock')],
  'Louise West / Alana Greenway / Sarah Scott': [person('Louise West'), person('Alana Greenway'), person('Sarah Scott')],
  'Julie Miles/Jane Price/Lynne Speak': [person('Julie Miles'), person('Jane Price'), person('Lynne Speak')],
  'All Steering group leads.': [group('All Steering group leads')],
  'Cathy Griffiths': [person('Cathy Griffiths')],
  'Annette Blackstock': [person('Annette Blackstock')],
  'Louise West / Julie Miles': [person('Louise West'), person('Julie Miles')],
  'Julie Miles': [person('Julie Miles')],
};

describe('lead', () => {
  describe('parseLeads on the seed plans', () => {
    it('has the leads of every Lead cell of the Cheshire plan, and reads each as stated', () => {
      const cells = seedLeads('pan-cheshire-cse-2013.txt').filter((c) => !c.startsWith('Version') && c !== 'Circulation/Activity');
      expect(cells.filter((c) => !(c in CHESHIRE))).toEqual([]);
      for (const cell of cells) expect(parseLeads(cell), cell).toEqual(CHESHIRE[cell]);
    });

    it('has the leads of every Leads cell of the Gloucestershire plan, and reads each as stated', () => {
      const cells = seedLeads('gloucestershire-cse-2017-18.txt');
      expect(cells.filter((c) => !(c in GLOUCESTERSHIRE))).toEqual([]);
      for (const cell of cells) expect(parseLeads(cell), cell).toEqual(GLOUCESTERSHIRE[cell]);
    });
  });

  describe('parseLeads', () => {
    it('collapses a surname written twice: "Louise West West/Dawn Porter"', () => {
      expect(parseLeads('Louise West West/Dawn Porter').map((l) => l.name)).toEqual(['Louise West', 'Dawn Porter']);
    });

    it('keeps a role in brackets with its person', () => {
      expect(parseLeads('Natalie Oakley (police comms)')).toEqual([person('Natalie Oakley', 'police comms')]);
      expect(parseLeads('Louise West / Tracy Clark (YG)')[1]).toEqual(person('Tracy Clark', 'YG'));
    });

    it('reads a person in brackets after a team as the person, with the team as role', () => {
      expect(parseLeads('CP Training and Development (Nigel Reid)')).toEqual([person('Nigel Reid', 'CP Training and Development')]);
    });

    it('splits on "and", "&" and commas only between people, never inside a group\'s name', () => {
      expect(parseLeads('Jane Price and Lynne Speak')).toEqual([person('Jane Price'), person('Lynne Speak')]);
      expect(parseLeads('Jane Price, Lynne Speak & Jenny')).toEqual([person('Jane Price'), person('Lynne Speak'), person('Jenny')]);
      expect(parseLeads('CP Training and Development')).toEqual([group('CP Training and Development')]);
      expect(parseLeads('Pan Cheshire and Sub Groups')).toEqual([group('Pan Cheshire and Sub Groups')]);
      expect(parseLeads('Task & Finish Group')).toEqual([group('Task & Finish Group')]);
    });

    it('splits on "/", ";" and line breaks, whatever the spacing', () => {
      expect(parseLeads('Jane Price/ Lynne Speak;Jenny\nPCSG').map((l) => l.name)).toEqual(['Jane Price', 'Lynne Speak', 'Jenny', 'PCSG']);
    });

    it('does not split inside brackets', () => {
      expect(parseLeads('Natalie Oakley (police/comms)')).toEqual([person('Natalie Oakley', 'police/comms')]);
    });

    it('reads a rank or title before a surname as a person', () => {
      for (const name of ['DCI Wenham', 'DI Lonsdale', 'DS Reid', 'PC Sarah McCloskey', 'Dr Shah', 'Mrs Jones', 'Cllr Smith']) {
        expect(parseLeads(name), name).toEqual([person(name)]);
      }
    });

    it('reads acronyms and team words as groups', () => {
      for (const name of ['PCSG', "LSCB's", 'SPPU – DCI', 'LSCB training Managers', 'Adult Safeguarding Team', 'MASH board']) {
        expect(parseLeads(name)[0]?.kind, name).toBe('group');
      }
    });

    it('reads a first name alone as a person', () => {
      expect(parseLeads('Jenny')).toEqual([person('Jenny')]);
    });

    it('names each lead once, keeping the first role given', () => {
      expect(parseLeads('Jane Price / Jane Price (GSCB)\njane  price')).toEqual([person('Jane Price', 'GSCB')]);
    });

    it('reads a role after a dash when a person comes first', () => {
      expect(parseLeads('Natalie Oakley – police comms')).toEqual([person('Natalie Oakley', 'police comms')]);
    });

    it('reads each line (each paragraph of the cell) as its own leads', () => {
      expect(parseLeads("LSCB's\nSPPU – DCI")).toEqual([group("LSCB's"), group('SPPU – DCI')]);
    });

    it('reads text as text: what looks like a tag or an entity is kept as written, the import having decoded the cell once', () => {
      expect(parseLeads('Jane Smith <jane@x.org>').map((l) => l.name)).toEqual(['Jane Smith <jane@x.org>']);
      expect(parseLeads('R&amp;D Team').map((l) => l.name).join(' ')).toContain('R&amp');
    });

    it('reads an empty cell as no leads', () => {
      expect(parseLeads('')).toEqual([]);
      expect(parseLeads(' \n ')).toEqual([]);
    });
  });

  describe('parseLeads as boards write leads', () => {
    it('splits a person with their agency and a role with its agency joined by "and"', () => {
      expect(parseLeads('DS Ahmed Rahman (Police) and Missing Children Coordinator (CSC)')).toEqual([
        { name: 'DS Ahmed Rahman', kind: 'person', role: 'Police' },
        { name: 'Missing Children Coordinator', kind: 'group', role: 'CSC' },
      ]);
    });

    it('keeps a title with its department as one lead', () => {
      expect(parseLeads('Chief Inspector, Safeguarding Unit (Police)')).toEqual([{ name: 'Chief Inspector, Safeguarding Unit', kind: 'group', role: 'Police' }]);
    });

    it('reads a bracket after a role as its qualifier, not a second person', () => {
      expect(parseLeads('Head of Early Help (North Locality)')).toEqual([{ name: 'Head of Early Help', kind: 'group', role: 'North Locality' }]);
      expect(parseLeads('Head of Early Help (Jane Smith)')).toEqual([{ name: 'Jane Smith', kind: 'person', role: 'Head of Early Help' }]);
    });

    it('reads "All agencies" and "Chair of the Learning sub-group" as groups or roles', () => {
      expect(parseLeads('All agencies')).toEqual([{ name: 'All agencies', kind: 'group', role: null }]);
      expect(parseLeads('Chair of the Learning sub-group')).toEqual([{ name: 'Chair of the Learning sub-group', kind: 'group', role: null }]);
    });

    it.each([
      ['Head of Service and Designated Nurse', ['Head of Service', 'Designated Nurse']],
      ['Jo Smith & Ann Lee', ['Jo Smith', 'Ann Lee']],
      ['Police & Youth Justice Service', ['Police', 'Youth Justice Service']],
      ['CSC and Police', ['CSC', 'Police']],
      ['Police / Health', ['Police', 'Health']],
      ['Jo Smith; Named GP', ['Jo Smith', 'Named GP']],
      ['Jo Smith\nAnn Lee', ['Jo Smith', 'Ann Lee']],
    ])('reads "%s" as several leads', (written, names) => {
      expect(parseLeads(written).map((l) => l.name)).toEqual(names);
    });

    it('splits a role with its bracket from a title with its department, the comma joining nothing', () => {
      expect(parseLeads('Head of Early Help (North Locality) and Chief Inspector, Safeguarding Unit (Police)')).toEqual([
        { name: 'Head of Early Help', kind: 'group', role: 'North Locality' },
        { name: 'Chief Inspector, Safeguarding Unit', kind: 'group', role: 'Police' },
      ]);
    });

    it('reads a person then their role after a comma as that person in that role', () => {
      expect(parseLeads('Jane Smith, Head of Early Help')).toEqual([{ name: 'Jane Smith', kind: 'person', role: 'Head of Early Help' }]);
    });

    it('reads a lone role word as a role, not a person named "Coordinator"', () => {
      expect(parseLeads('Coordinator')).toEqual([{ name: 'Coordinator', kind: 'group', role: null }]);
      expect(parseLeads('DCI Head')).toEqual([{ name: 'DCI Head', kind: 'person', role: null }]);
    });

    it('splits a team at an "&" beside it though its own "and" joins nothing', () => {
      expect(parseLeads('Children and Families Service & Police').map((l) => l.name)).toEqual(['Children and Families Service', 'Police']);
    });

    it.each(['Education, Health and Care team', 'Children, Young People and Families Service'])('keeps "%s" whole: a comma list inside a team name', (written) => {
      expect(parseLeads(written).map((l) => l.name)).toEqual([written]);
    });

    it.each(['CP Training and Development', 'Children and Families Service'])('keeps the team "%s" whole', (written) => {
      expect(parseLeads(written).map((l) => l.name)).toEqual([written]);
    });
  });

  describe('normaliseLeadName', () => {
    it('folds case, spacing, curly apostrophes and trailing punctuation', () => {
      expect(normaliseLeadName('  Louise   WEST ')).toBe('louise west');
      expect(normaliseLeadName('LSCB’s')).toBe(normaliseLeadName("LSCB's"));
      expect(normaliseLeadName('All Steering group leads.')).toBe('all steering group leads');
    });
  });

  describe('leadMatches', () => {
    it('matches the name or role from the start of a word, whatever the case and spacing', () => {
      expect(leadMatches(person('Louise West'), 'west')).toBe(true);
      expect(leadMatches(person('Louise West'), '  LOUISE   west ')).toBe(true);
      expect(leadMatches(person('Louise West'), 'louisewest')).toBe(true);
      expect(leadMatches(person('Tracy Clark', 'YG'), 'yg')).toBe(true);
      expect(leadMatches(group("LSCB's"), 'lscbs')).toBe(true);
    });

    it('does not match inside a word or another person', () => {
      expect(leadMatches(person('Louise West'), 'ouise')).toBe(false);
      expect(leadMatches(person('Jane Bee'), 'Jane Price')).toBe(false);
    });

    it('matches every lead on an empty query', () => {
      expect(leadMatches(person('Jenny'), '')).toBe(true);
    });
  });
});
