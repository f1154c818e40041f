import { describe, expect, it } from 'vitest';
import { LEADS_READ_LIMIT } from '../../src/import/action-draft.js';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { TIMESCALE_READ_LIMIT } from '../../src/plan/timescale.js';

/*
 * A cell far longer than a plan ever writes (minutes or an email pasted into the timescale, the
 * lead or the numbers column) imports: every character is kept as written, and what is read from
 * it (a due date, the leads) comes from its start, with the report saying so.
 */

const MB = 1024 * 1024;
const HEADER = 'Ref,Action,Lead,Timescale,Progress,RAG';

/** A cell of at least `length` characters made of `piece` repeated, quoted for CSV. */
function repeated(piece: string, length: number): string {
  return piece.repeat(Math.ceil(length / piece.length));
}

function csv(rows: readonly (readonly string[])[]): Uint8Array {
  const cell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return new TextEncoder().encode([HEADER, ...rows.map((r) => r.map(cell).join(','))].join('\n'));
}

describe('a cell far longer than any plan writes', () => {
  it('imports a 1 MB timescale cell whole, reading its due date from the start and saying so', async () => {
    // Dates and numbers all the way through: every one of them was once matched, and each match copied the cell.
    const timescale = `March 2018 ${repeated('review 1/1/1 Sept 17 quarterly ', MB)}`;
    const { draft, report } = await importPlanBuffer('long.csv', csv([['1.1', 'Audit case files', 'Jane Price', timescale, '', 'Red'], ['1.2', 'Train staff', 'Lynne Speak', 'April 2018', '', 'Green']]));
    const [long, next] = draft.actions;
    expect(long!.timescale.asWritten).toBe(timescale.trim());
    expect(long!.timescale.reading).toMatchObject({ kind: 'recurring', recurrence: { months: 3 } });
    expect(JSON.stringify(long!.timescale.reading)).toContain(`only its first ${TIMESCALE_READ_LIMIT} of`);
    expect(JSON.stringify(long!.timescale.reading).length).toBeLessThan(4 * TIMESCALE_READ_LIMIT);
    expect(next!.timescale.reading).toMatchObject({ kind: 'due', due: '2018-04-30' });
    expect(report.actionCount).toBe(2);
  });

  it('quotes no more of a long flagged timescale in the report than was read', async () => {
    const timescale = `Sept 2103 ${repeated('as agreed at the board ', MB)}`.trim();
    const { draft, report } = await importPlanBuffer('long.csv', csv([['1.1', 'Audit', 'Jane Price', timescale, 'Update 15/05/2013 - audit begun', 'Red'], ['1.2', 'Train', 'Lynne Speak', 'End 2012', 'Update 10/02/2014 - trained', 'Green']]));
    expect(draft.actions[0]!.timescale.flag).not.toBeNull();
    const note = report.notes.find((n) => n.at.column === 'timescale')!;
    expect(note.message).toContain('the year 2103 is far from the plan');
    expect(note.message).toContain('"Sept 2103 as agreed');
    expect(note.message.length).toBeLessThan(TIMESCALE_READ_LIMIT + 400);
  });

  it('reads leads from the start of a 1 MB lead cell, keeps the cell whole, and says so in the report', async () => {
    // Distinct names, so nothing folds them together: all of them would be leads of one action.
    const names: string[] = [];
    for (let i = 0, length = 0; length < MB; i += 1, length += names.at(-1)!.length + 1) names.push(`Jane ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String.fromCharCode(97 + (Math.floor(i / 676) % 26))}son`);
    const leadsText = names.join('\n');
    const { draft, report } = await importPlanBuffer('long.csv', csv([['1.1', 'Audit', leadsText, 'March 2018', '', 'Red']]));
    const action = draft.actions[0]!;
    expect(action.leadsText).toBe(leadsText);
    const withinLimit: string[] = [];
    for (let end = names[0]!.length, i = 0; end <= LEADS_READ_LIMIT; i += 1, end += 1 + names[i]!.length) withinLimit.push(names[i]!);
    expect(withinLimit.length).toBeGreaterThan(100);
    expect(action.leads.map((l) => l.name)).toEqual(withinLimit);
    const note = report.notes.find((n) => n.at.column === 'lead' && n.at.ref === '1.1');
    expect(note?.message).toContain(`leads were read from its first ${LEADS_READ_LIMIT.toLocaleString('en-GB')} characters`);
  });

  it('imports a 1 MB numbers cell as the action\'s words, with no number read from it', async () => {
    const refCell = repeated('1 ', MB);
    const { draft, report } = await importPlanBuffer('long.csv', csv([[refCell, 'Audit', 'Jane Price', 'March 2018', '', 'Red'], ['2.1', 'Train', 'Lynne Speak', 'April 2018', '', 'Green']]));
    expect(draft.actions.map((a) => a.ref)).toEqual(['1', '2.1']);
    expect(draft.actions[0]!.text.length).toBeGreaterThan(MB);
    expect(report.notes.map((n) => n.message)).toContain('the numbers column holds words, not a number; they were kept with the action text');
  });
});
