import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { yearsNamedIn } from './plan-years.js';
import { interpretTimescale, TIMESCALE_READ_LIMIT, type TimescaleContext, type TimescaleReading } from './timescale.js';

/** The cells of one column of a seed plan's tables, markup turned into line breaks, header and rule rows left out. */
function seedColumn(file: string, column: number): string[] {
  const text = readFileSync(new URL(`../../samples/${file}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((cells) => cells.length >= 6 && !/^-+$/.test(cells[column]!.trim()) && (cells[0]!.trim() === '' || /^\d/.test(cells[0]!)))
    .map((cells) => cells[column]!.replace(/<\/?p>/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean).join('\n'))
    .filter((cell) => cell !== '');
}

const CHESHIRE = 'pan-cheshire-cse-2013.txt';
const GLOUCESTERSHIRE = 'gloucestershire-cse-2017-18.txt';

/** Context as the importer builds it: the years the plan's title, timescales and updates name. */
function planContext(file: string, title: string): TimescaleContext {
  return { planYears: yearsNamedIn([title, ...seedColumn(file, 4), ...seedColumn(file, 5)]) };
}

const cheshire = planContext(CHESHIRE, 'Pan Cheshire Child Sexual Exploitation Local Safeguarding Children Board Action Plan');
const glos = planContext(GLOUCESTERSHIRE, 'Gloucestershire Multi-agency Child Sexual Exploitation (CSE) Action Plan 2017-2018');
const noYears: TimescaleContext = { planYears: [] };

const read = (written: string, context: TimescaleContext = glos): TimescaleReading => interpretTimescale(written, context).reading;
const due = (date: string, period: string) => ({ kind: 'due', due: date, period });

describe('timescale', () => {
  describe('keeps the words as written', () => {
    it('trims only the whitespace around them', () => {
      expect(interpretTimescale('  Sept 2103 \n', cheshire).asWritten).toBe('Sept 2103');
      expect(interpretTimescale('Completed / Ongoing', glos).asWritten).toBe('Completed / Ongoing');
    });

    it('reads an empty cell as unclear: no timescale given', () => {
      expect(read('')).toEqual({ kind: 'unclear', reason: 'no timescale given' });
      expect(read('   ')).toEqual({ kind: 'unclear', reason: 'no timescale given' });
    });
  });

  describe('due dates: the end of the named period', () => {
    it('reads a year as its last day: "End 2012" is due 2012-12-31', () => {
      expect(read('End 2012', cheshire)).toEqual({ ...due('2012-12-31', '2012'), note: null });
    });

    it('reads a month and year as the month\'s last day: "April 2013" is due 2013-04-30', () => {
      expect(read('April 2013', cheshire)).toEqual({ ...due('2013-04-30', '2013-04'), note: null });
    });

    it('reads a two-digit year as 20YY: "Sept 17" and "March 17" are September and March 2017', () => {
      expect(read('Sept 17')).toMatchObject(due('2017-09-30', '2017-09'));
      expect(read('March 17')).toMatchObject(due('2017-03-31', '2017-03'));
      expect(read('Apr-13', cheshire)).toMatchObject(due('2013-04-30', '2013-04'));
    });

    it.each([
      ['15/05/2013', '2013-05-15'],
      ['15/5/13', '2013-05-15'],
      ['15.05.2013', '2013-05-15'],
      ['31st March 2018', '2018-03-31'],
      ['31 Mar 18', '2018-03-31'],
      ['1st of June 2013', '2013-06-01'],
      ['2018-03-31', '2018-03-31'],
    ])('reads the day-first date "%s" as due on %s', (written, date) => {
      expect(read(written)).toMatchObject(due(date, date));
    });

    it('does not take an impossible day for a date: "31/02/2013" is unclear and says why', () => {
      const r = read('31/02/2013', cheshire);
      expect(r).toMatchObject({ kind: 'unclear' });
      expect(r.kind === 'unclear' && r.reason).toContain('"31/02/2013" is not a real date');
    });

    it('reads "Q1 2013" as a calendar quarter, January to March', () => {
      const r = read('Q1 2013', cheshire);
      expect(r).toMatchObject(due('2013-03-31', '2013-03'));
      expect(r.kind === 'due' && r.note).toContain('January to March 2013');
    });

    it('reads "Q1 2013/14" as a financial quarter: April to June 2013', () => {
      const r = read('Q1 2013/14', cheshire);
      expect(r).toMatchObject(due('2013-06-30', '2013-06'));
      expect(r.kind === 'due' && r.note).toContain('April to June 2013');
    });

    it.each([
      ['Spring term 2023', '2023-03-31', 'January to March 2023'],
      ['By end of Summer term 2023', '2023-07-31', 'April to July 2023'],
      ['Autumn term 2022', '2022-12-31', 'September to December 2022'],
      ['Spring term 2022/23', '2023-03-31', 'January to March 2023'],
    ])('reads the school term "%s" as due at the end of the term, %s, not of a season or a year', (written, dueOn, span) => {
      const r = read(written, { planYears: [2022, 2023] });
      expect(r).toMatchObject(due(dueOn, dueOn.slice(0, 7)));
      expect(r.kind === 'due' && r.note).toContain(span);
    });

    it('reads "Q3 2018/19" as October to December 2018 and "Q4 2013/14" as January to March 2014', () => {
      expect(read('Q3 2018/19')).toMatchObject(due('2018-12-31', '2018-12'));
      expect(read('Q4 2013/14', cheshire)).toMatchObject(due('2014-03-31', '2014-03'));
    });

    it.each(['2017/18', '2017-18', 'FY 2017/18', 'FY17/18', '2017/2018', 'financial year 2017-18', '2017–18'])(
      'reads the UK financial year "%s" as due on 31 March 2018',
      (written) => {
        const r = read(written);
        expect(r).toMatchObject(due('2018-03-31', '2018-03'));
        expect(r.kind === 'due' && r.note).toContain('April 2017 to March 2018');
      },
    );

    it('reads "end of financial year" with the plan\'s years: 31 March after the plan\'s central year, and says it was inferred', () => {
      const r = read('end of financial year', glos);
      expect(r).toMatchObject(due('2018-03-31', '2018-03'));
      expect(r.kind === 'due' && r.note).toContain('inferred');
      expect(read('end of financial year', noYears)).toMatchObject({ kind: 'unclear' });
    });

    it('ignores "by", "end of" and "complete by" around a date', () => {
      expect(read('by end of March 2014', cheshire)).toEqual({ ...due('2014-03-31', '2014-03'), note: null });
      expect(read('Complete by April 2013', cheshire)).toEqual({ ...due('2013-04-30', '2013-04'), note: null });
    });

    it('reads "mid June" as June (never an invented 15th), noting the "mid", with the year taken from the plan', () => {
      const r = read('by mid June', glos);
      expect(r).toMatchObject(due('2017-06-30', '2017-06'));
      expect(r.kind === 'due' && r.note).toContain('"mid"');
      expect(r.kind === 'due' && r.note).toContain('2017, inferred from the plan\'s years');
    });

    it('reads a month without a year as unclear when the plan\'s years are unknown', () => {
      expect(read('June', noYears)).toEqual({ kind: 'unclear', reason: "names June without a year, and the plan's years are not known" });
    });

    it.each([
      ['Spring 2014', '2014-05-31', 'March to May 2014'],
      ['Summer 2013', '2013-08-31', 'June to August 2013'],
      ['Autumn 2013', '2013-11-30', 'September to November 2013'],
      ['Winter 2013', '2014-02-28', 'December 2013 to February 2014'],
    ])('reads the season "%s" as the end of its last month, %s, and says so', (written, date, span) => {
      const r = read(written, cheshire);
      expect(r).toMatchObject({ kind: 'due', due: date });
      expect(r.kind === 'due' && r.note).toContain(span);
    });

    it('reads a range of months as its end: "April - June 2013" is due 2013-06-30', () => {
      const r = read('April – June 2013', cheshire);
      expect(r).toMatchObject(due('2013-06-30', '2013-06'));
      expect(r.kind === 'due' && r.note).toContain('read as its end');
    });

    it('is tolerant of case, punctuation, non-breaking spaces and en dashes', () => {
      expect(read('SEPT.\u00a02013', cheshire)).toMatchObject(due('2013-09-30', '2013-09'));
      expect(read('april 2013.', cheshire)).toMatchObject(due('2013-04-30', '2013-04'));
      expect(read('2017\u201318')).toMatchObject(due('2018-03-31', '2018-03'));
    });
  });

  describe('the seed plans\' timescales', () => {
    it('reads "Update July 2013" as due 2013-07-31, noting that an update is due', () => {
      expect(read('Update July 2013', cheshire)).toEqual({ ...due('2013-07-31', '2013-07'), note: 'an update is due by then' });
    });

    it('reads "Oct 2017 In progress" as due 2017-10-31, noting it is in progress', () => {
      expect(read('Oct 2017 In progress')).toEqual({ ...due('2017-10-31', '2017-10'), note: 'in progress' });
    });

    it('reads "N/A" as not applicable', () => {
      expect(read('N/A', cheshire)).toEqual({ kind: 'not-applicable' });
      expect(read('n/a')).toEqual({ kind: 'not-applicable' });
    });

    it('reads "Completed" as completed on no stated date', () => {
      expect(read('Completed')).toEqual({ kind: 'completed', on: null, note: null });
    });

    it('reads "Completed May 2017" and "Completed November 2016" as completed in that month', () => {
      expect(read('Completed May 2017')).toEqual({ kind: 'completed', on: '2017-05', note: null });
      expect(read('Completed November 2016')).toEqual({ kind: 'completed', on: '2016-11', note: null });
    });

    it('reads "Completed / Ongoing" as ongoing, noting it is completed and continuing', () => {
      expect(read('Completed / Ongoing')).toEqual({ kind: 'ongoing', from: null, reviewBy: null, note: 'completed, and continuing' });
    });

    it('reads "Annually Quarterly" as quarterly, the more frequent, and names both', () => {
      const r = read('Annually Quarterly');
      expect(r).toMatchObject({ kind: 'recurring', recurrence: { months: 3, weeks: 0, inMonth: null, label: 'Quarterly' } });
      expect(r.kind === 'recurring' && r.note).toBe('names both Annually and Quarterly; read as the more frequent, Quarterly');
    });

    it('reads "Jan 2018 onwards" as ongoing from January 2018', () => {
      expect(read('Jan 2018 onwards')).toEqual({ kind: 'ongoing', from: '2018-01', reviewBy: null, note: null });
    });

    it.each(['Business as usual', 'Reviews ongoing', 'Ongoing'])('reads "%s" as ongoing', (written) => {
      expect(read(written)).toEqual({ kind: 'ongoing', from: null, reviewBy: null, note: null });
    });

    it('reads "Ongoing; review membership December" as ongoing, reviewed by December of the plan\'s year, saying the year was inferred', () => {
      const r = read('Ongoing; review membership December', { planYears: [2017, 2018] });
      expect(r).toMatchObject({ kind: 'ongoing', from: null, reviewBy: '2017-12-31' });
      expect(r.kind === 'ongoing' && r.note).toContain('"review membership December"');
      expect(r.kind === 'ongoing' && r.note).toContain('inferred from the plan\'s years');
      expect(read('Ongoing; review membership December', glos)).toMatchObject({ reviewBy: '2017-12-31' });
    });

    it('keeps "Ongoing; review membership December" ongoing without a review date when the plan\'s years are unknown', () => {
      expect(read('Ongoing; review membership December', noYears)).toMatchObject({ kind: 'ongoing', reviewBy: null });
    });

    it('reads "September Annually" as yearly in September', () => {
      expect(read('September Annually')).toEqual({
        kind: 'recurring',
        recurrence: { months: 12, weeks: 0, inMonth: 9, label: 'Annually' },
        note: null,
      });
      expect(read('September Annually', noYears)).toMatchObject({ recurrence: { inMonth: 9 } });
    });

    const cheshireReadings: Record<string, object> = {
      'End 2012': due('2012-12-31', '2012'),
      'April 2013': due('2013-04-30', '2013-04'),
      'July 2013': due('2013-07-31', '2013-07'),
      'Update July 2013': due('2013-07-31', '2013-07'),
      // The halves of "Update July 2013" where a page break cut the row.
      'Update July': due('2013-07-31', '2013-07'),
      '2013': due('2013-12-31', '2013'),
      'N/A': { kind: 'not-applicable' },
      'Sept 2103': due('2103-09-30', '2103-09'),
    };
    const glosReadings: Record<string, object> = {
      Annually: { kind: 'recurring', recurrence: { months: 12, weeks: 0, inMonth: null, label: 'Annually' } },
      'Annually Quarterly': { kind: 'recurring', recurrence: { months: 3, label: 'Quarterly' } },
      Quarterly: { kind: 'recurring', recurrence: { months: 3, weeks: 0, inMonth: null, label: 'Quarterly' }, note: null },
      'September Annually': { kind: 'recurring', recurrence: { months: 12, inMonth: 9 } },
      'April 2017': due('2017-04-30', '2017-04'),
      'August 2016': due('2016-08-31', '2016-08'),
      'August 2017': due('2017-08-31', '2017-08'),
      'Dec 2017': due('2017-12-31', '2017-12'),
      'December 2017': due('2017-12-31', '2017-12'),
      'Jan 2018': due('2018-01-31', '2018-01'),
      'July 2018': due('2018-07-31', '2018-07'),
      'June 2017': due('2017-06-30', '2017-06'),
      'March 17': due('2017-03-31', '2017-03'),
      'March 2017': due('2017-03-31', '2017-03'),
      'May 2018': due('2018-05-31', '2018-05'),
      'Oct 2017': due('2017-10-31', '2017-10'),
      'Oct 2017 In progress': due('2017-10-31', '2017-10'),
      'October 2017': due('2017-10-31', '2017-10'),
      'Sept 17': due('2017-09-30', '2017-09'),
      'September 2017': due('2017-09-30', '2017-09'),
      Completed: { kind: 'completed', on: null },
      'Completed April 2017': { kind: 'completed', on: '2017-04' },
      'Completed March 2017': { kind: 'completed', on: '2017-03' },
      'Completed May 2017': { kind: 'completed', on: '2017-05' },
      'Completed November 2016': { kind: 'completed', on: '2016-11' },
      'Completed / Ongoing': { kind: 'ongoing', from: null, reviewBy: null },
      'Business as usual': { kind: 'ongoing', from: null, reviewBy: null },
      Ongoing: { kind: 'ongoing', from: null, reviewBy: null },
      'Reviews ongoing': { kind: 'ongoing', from: null, reviewBy: null },
      'Jan 2018 onwards': { kind: 'ongoing', from: '2018-01', reviewBy: null },
      'Ongoing; review membership December': { kind: 'ongoing', from: null, reviewBy: '2017-12-31' },
    };

    it('has a stated reading for every timescale in the Cheshire plan, and reads each as stated', () => {
      const cells = new Set(seedColumn(CHESHIRE, 4).filter((c) => !['Timescales', 'Other Comment'].includes(c) && !c.startsWith('Updated by')));
      expect([...cells].filter((c) => !(c.replace(/\n/g, ' ') in cheshireReadings))).toEqual([]);
      for (const cell of cells) expect(read(cell, cheshire), cell).toMatchObject(cheshireReadings[cell.replace(/\n/g, ' ')]!);
    });

    it('has a stated reading for every timescale in the Gloucestershire plan, and reads each as stated', () => {
      const cells = new Set(seedColumn(GLOUCESTERSHIRE, 4).filter((c) => !c.startsWith('Timescale:')));
      expect([...cells].filter((c) => !(c in glosReadings))).toEqual([]);
      for (const cell of cells) expect(read(cell, glos), cell).toMatchObject(glosReadings[cell]!);
    });

    it('flags no seed timescale but "Sept 2103"', () => {
      const flagged = [...seedColumn(CHESHIRE, 4).map((c) => interpretTimescale(c, cheshire)), ...seedColumn(GLOUCESTERSHIRE, 4).map((c) => interpretTimescale(c, glos))]
        .filter((t) => t.flag !== null)
        .map((t) => t.asWritten);
      expect(new Set(flagged)).toEqual(new Set(['Sept 2103']));
    });
  });

  describe('a year far from the plan\'s years', () => {
    it('reads "Sept 2103" in a 2013 plan as written, flagged, suggesting Sept 2013', () => {
      const t = interpretTimescale('Sept 2103', { planYears: [2012, 2013] });
      expect(t.reading).toEqual({ ...due('2103-09-30', '2103-09'), note: null });
      expect(t.flag).toMatchObject({ suggestion: 'Sept 2013', suggestedDue: '2013-09-30' });
      expect(t.flag!.message).toContain('2103');
      expect(t.flag!.message).toContain('2012–2013');
    });

    it('is not outvoted by the typo itself: the Cheshire plan names 2103 on four rows and it is still flagged', () => {
      expect(cheshire.planYears).toContain(2103);
      expect(interpretTimescale('Sept 2103', cheshire).flag).toMatchObject({ suggestion: 'Sept 2013', suggestedDue: '2013-09-30' });
    });

    it('suggests a one-digit slip too, and keeps a two-digit year two digits', () => {
      expect(interpretTimescale('Dec 2027', glos).flag).toMatchObject({ suggestion: 'Dec 2017', suggestedDue: '2017-12-31' });
      expect(interpretTimescale('Sept 31', cheshire).flag).toMatchObject({ suggestion: 'Sept 13', suggestedDue: '2013-09-30' });
    });

    it('flags without a suggestion when no slip of the keyboard lands in the plan\'s years', () => {
      const t = interpretTimescale('March 2030', cheshire);
      expect(t.reading).toMatchObject(due('2030-03-31', '2030-03'));
      expect(t.flag).toMatchObject({ suggestion: null, suggestedDue: null });
      expect(t.flag!.message).toContain('2030');
    });

    it('flags a completed date far from the plan\'s years, with no due date to suggest', () => {
      expect(interpretTimescale('Completed May 2071', glos).flag).toMatchObject({ suggestion: 'Completed May 2017', suggestedDue: null });
    });

    it('flags nothing when the plan\'s years are unknown, or the year is near them', () => {
      expect(interpretTimescale('Sept 2103', noYears).flag).toBeNull();
      expect(interpretTimescale('Sept 2019', glos).flag).toBeNull();
      expect(interpretTimescale('Quarterly', glos).flag).toBeNull();
    });
  });

  describe('recurrences', () => {
    it.each([
      ['Weekly', 0, 1],
      ['Fortnightly', 0, 2],
      ['Monthly', 1, 0],
      ['Bi-monthly', 2, 0],
      ['Quarterly', 3, 0],
      ['Six-monthly', 6, 0],
      ['Every six months', 6, 0],
      ['Biannual', 6, 0],
      ['Biannually', 6, 0],
      ['Twice yearly', 6, 0],
      ['Annually', 12, 0],
      ['Annual', 12, 0],
      ['Yearly', 12, 0],
      ['Termly', 4, 0],
      ['Each term', 4, 0],
      ['Every term', 4, 0],
      ['Half-termly', 0, 6],
      ['Each half term', 0, 6],
      ['6-weekly', 0, 6],
      ['Six weekly', 0, 6],
      ['Half termly', 0, 6],
      ['Bi-Monthly', 2, 0],
    ])('reads "%s" as every %i months / %i weeks, labelled as written', (written, months, weeks) => {
      expect(read(written)).toEqual({ kind: 'recurring', recurrence: { months, weeks, inMonth: null, label: written }, note: null });
    });

    it.each(['Every board meeting', 'At each Board meeting', 'Each board', 'Every partnership meeting', 'At every LSCB meeting', 'Each safeguarding board meeting', 'At every team meeting'])('reads "%s" as a recurrence that follows the meetings, with no calendar period', (written) => {
      expect(read(written)).toEqual({
        kind: 'recurring',
        recurrence: { months: 0, weeks: 0, inMonth: null, label: written },
        note: "comes round with the meetings it names, which have no fixed dates: no reminder by the calendar",
      });
    });

    it('reads no meeting into "every six months" or "each half term meeting" beyond what they say', () => {
      expect(read('Every six months')).toMatchObject({ recurrence: { months: 6, weeks: 0 } });
      expect(read('Each half term meeting')).toMatchObject({ recurrence: { months: 0, weeks: 6 } });
    });

    it('prefers the calendar recurrence when a timescale names one beside the meetings', () => {
      expect(read('Quarterly and at each board meeting')).toMatchObject({ kind: 'recurring', recurrence: { months: 3, weeks: 0 } });
    });

    it('reads "Annually in September" and "every September" as yearly in September', () => {
      expect(read('Annually in September')).toMatchObject({ recurrence: { months: 12, inMonth: 9 } });
      expect(read('Every September')).toMatchObject({ recurrence: { months: 12, inMonth: 9 } });
    });

    it('keeps what else a recurring timescale says in the note', () => {
      const r = read('Quarterly from April 2013', cheshire);
      expect(r).toMatchObject({ kind: 'recurring', recurrence: { months: 3 } });
      expect(r.kind === 'recurring' && r.note).toContain('April 2013');
    });
  });

  describe('what cannot be read', () => {
    it('names the words it did not understand', () => {
      const r = read('Within 6 months of launch');
      expect(r.kind).toBe('unclear');
      expect(r.kind === 'unclear' && r.reason).toContain('"Within 6 months of launch"');
    });

    it('says "to be confirmed" for TBC', () => {
      expect(read('TBC')).toMatchObject({ kind: 'unclear', reason: expect.stringContaining('to be confirmed') });
    });

    it('reads a date with words it does not know, and quotes those words in the note', () => {
      const r = read('April 2013 subject to funding', cheshire);
      expect(r).toMatchObject(due('2013-04-30', '2013-04'));
      expect(r.kind === 'due' && r.note).toContain('"subject to funding"');
    });

    it('reads several dates as due on the latest, saying so', () => {
      const r = read('April 2013, revised June 2013', cheshire);
      expect(r).toMatchObject(due('2013-06-30', '2013-06'));
      expect(r.kind === 'due' && r.note).toContain('several dates');
    });
  });

  describe('a timescale far longer than any plan writes', () => {
    // Text pasted into the wrong cell (minutes, a whole email): the words are kept, only the start is read.
    const filler = 'The group met and agreed the actions listed in the minutes. '.repeat(20);

    it(`reads only its first ${TIMESCALE_READ_LIMIT} characters, keeps every character as written, and says so`, () => {
      const written = `March 2018 ${filler}revised to December 2019`;
      const t = interpretTimescale(written, glos);
      expect(written.length).toBeGreaterThan(TIMESCALE_READ_LIMIT);
      expect(t.asWritten).toBe(written);
      expect(t.reading).toMatchObject(due('2018-03-31', '2018-03'));
      expect(t.reading.kind === 'due' && t.reading.note).toContain(`only its first ${TIMESCALE_READ_LIMIT} of ${written.length.toLocaleString('en-GB')} characters were read`);
    });

    it('never reads a word cut in two at the limit: "Sept 2017" across it is not "Sept 20"', () => {
      const lead = `${'word '.repeat(TIMESCALE_READ_LIMIT).slice(0, TIMESCALE_READ_LIMIT - 8)} `;
      const written = `${lead}Sept 2017 and more words after it ${filler}`;
      expect(written.slice(0, TIMESCALE_READ_LIMIT).endsWith('Sept 20')).toBe(true);
      const reading = read(written);
      expect(reading).not.toMatchObject({ kind: 'due', due: '2020-09-30' });
      expect(JSON.stringify(reading)).not.toContain('2020');
      expect(JSON.stringify(reading)).toContain('only its first');
    });

    it('quotes no more of the text than it read in a reason', () => {
      const written = `to be confirmed ${'TBC '.repeat(50_000)}`;
      const reading = read(written);
      expect(reading).toMatchObject({ kind: 'unclear', reason: expect.stringContaining('to be confirmed') });
      expect(reading.kind === 'unclear' && reading.reason.length).toBeLessThan(TIMESCALE_READ_LIMIT + 200);
    });

    it('suggests the whole text with only the far year mended', () => {
      const written = `Sept 2103 ${filler}`.trim();
      expect(interpretTimescale(written, cheshire).flag).toMatchObject({ suggestion: `Sept 2013 ${filler}`.trim(), suggestedDue: '2013-09-30' });
    });
  });
});
