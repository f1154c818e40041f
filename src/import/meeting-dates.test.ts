import { describe, expect, it } from 'vitest';
import { meetingNamedIn, meetingsNamedIn } from './meeting-dates.js';

describe('meetings a plan document names', () => {
  it('reads the meeting a plan was updated for', () => {
    expect(meetingNamedIn('Update for the Partnership Board, 12 March 2019')).toEqual({ date: '2019-03-12', source: 'document', title: 'Partnership Board' });
    expect(meetingNamedIn('Updated for PCSG meeting 15/05/2013')).toMatchObject({ date: '2013-05-15', title: 'PCSG' });
  });

  it('takes no month, and no line without a meeting, as a meeting', () => {
    expect(meetingNamedIn('Update for the Partnership Board, March 2019')).toBeNull();
    expect(meetingNamedIn('Action plan refreshed 12 March 2019')).toBeNull();
  });

  it('reads the version record rows made for a meeting, dated by the row', () => {
    const record = [
      { version: 'V03', date: '2013-05-15', description: 'Version updated to reflect the PCSG meeting', author: null, cells: {} },
      { version: 'V04', date: '2013-06-01', description: 'Typos corrected', author: null, cells: {} },
    ];
    expect(meetingsNamedIn(['Pan Cheshire CSE action plan'], record)).toEqual([{ date: '2013-05-15', source: 'document', title: 'PCSG' }]);
  });
});
