import { describe, expect, it } from 'vitest';
import { mapHeaderRow, roleOfHeader } from '../../src/import/column-roles.js';

describe('column roles', () => {
  it.each([
    ['No.', 'ref'],
    ['Ref', 'ref'],
    ['#', 'ref'],
    ['Action', 'action'],
    ['Actions required', 'action'],
    ['Action: activity that needs to take place to achieve Desired Outcome', 'action'],
    ['Desired Outcome', 'outcome'],
    ['Anticipated Outcomes', 'outcome'],
    ['Success measure', 'outcome'],
    ['Measures of success', 'outcome'],
    ['Lead', 'lead'],
    ['Lead(s)', 'lead'],
    ['Owner', 'lead'],
    ['Responsible officer', 'lead'],
    ['Who', 'lead'],
    ['Timescales', 'timescale'],
    ['Timescale: complete by', 'timescale'],
    ['Deadline', 'timescale'],
    ['Target date', 'timescale'],
    ['By when', 'timescale'],
    ['Updates / Comment', 'updates'],
    ['Progress: activity to date for this action', 'updates'],
    ['Progress update', 'updates'],
    ['Comments', 'updates'],
    ['RAG', 'rag'],
    ['RAG rating', 'rag'],
    ['Status', 'rag'],
    ['Source', 'sources'],
    ['Number', 'ref'],
    ['Reference', 'ref'],
    ['Action No.', 'ref'],
    ['Leads', 'lead'],
    ['Lead agency', 'lead'],
    ['Action owner', 'lead'],
    ['By whom', 'lead'],
    ['Due', 'timescale'],
    ['Completion date', 'timescale'],
    ['Timescale: completed by', 'timescale'],
    ['Target', 'timescale'],
    ['Date to be completed by', 'timescale'],
    ['Progress to date', 'updates'],
    ['Update', 'updates'],
    ['Current status', 'rag'],
    ['RAG (Red/Amber/Green)', 'rag'],
    ['Success criteria', 'outcome'],
    ['Expected outcome', 'outcome'],
    ['Impact', 'outcome'],
    ['How will we know?', 'outcome'],
    ['What difference will it make?', 'outcome'],
    ['Evidence of impact', 'outcome'],
    ['Key tasks', 'action'],
    ['What will be done', 'action'],
    ['Recommendation', 'action'],
  ])('reads the header "%s" as the %s column', (header, role) => {
    expect(roleOfHeader(header)?.role).toBe(role);
  });

  it('takes a blank first header over the numbers as the ref column, and explains every mapping', () => {
    const mapping = mapHeaderRow(['', 'Action', 'Anticipated Outcomes', 'Lead', 'Timescales', 'Updates / Comment', 'RAG'])!;
    expect(mapping.map((m) => m.role)).toEqual(['ref', 'action', 'outcome', 'lead', 'timescale', 'updates', 'rag']);
    expect(mapping.every((m) => m.reason.length > 0)).toBe(true);
  });

  it('does not take a data row for a header, even when its words name columns', () => {
    expect(mapHeaderRow(['1.1', 'Action 1.1: review the pathway', 'Outcome: safer', 'Jane Price', 'Progress note'])).toBeNull();
    expect(mapHeaderRow(['', 'Minutes', 'Attendees', 'Apologies'])).toBeNull();
  });

  it('reads a recommendation column beside an action column as the source the action answers', () => {
    const mapping = mapHeaderRow(['Ref', 'Recommendation', 'Action', 'Lead', 'Deadline'])!;
    expect(mapping.map((m) => m.role)).toEqual(['ref', 'sources', 'action', 'lead', 'timescale']);
    expect(mapHeaderRow(['Ref', 'Recommendation', 'Lead', 'Deadline'])!.map((m) => m.role)).toEqual(['ref', 'action', 'lead', 'timescale']);
  });

  it('does not take a row of fewer than three plan columns, or one without an action or outcome, for a header', () => {
    expect(mapHeaderRow(['Action', 'Lead'])).toBeNull();
    expect(mapHeaderRow(['Ref', 'Lead', 'Deadline', 'Status'])).toBeNull();
    expect(mapHeaderRow(['Version No', 'Date', 'Time', 'Circulation/Activity', 'Other Comment', 'Author'])).toBeNull();
  });

  it('uses the first of two columns with the same meaning and says so of the second', () => {
    const mapping = mapHeaderRow(['Ref', 'Action', 'Lead', 'Deadline', 'Revised deadline', 'Progress'])!;
    expect(mapping[4]).toMatchObject({ role: null, reason: 'a second timescale column; the first one is used' });
  });
});
