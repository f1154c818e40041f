import { describe, expect, it } from 'vitest';
import { isVersionHeader, isVersionRecordHeading, versionEntry } from '../../src/import/version-record.js';

describe('version record', () => {
  it('knows the heading and header of a version record', () => {
    expect(['Version Control Record', 'Document history', 'Revision History', '**Version control**'].every(isVersionRecordHeading)).toBe(true);
    expect(isVersionRecordHeading('Versions of the protocol were shared with schools')).toBe(false);
    expect(isVersionHeader(['Version No', 'Date', 'Time', 'Circulation/Activity', 'Other Comment', 'Author'])).toBe(true);
    expect(isVersionHeader(['', 'Action', 'Lead', 'Timescale'])).toBe(false);
  });

  it('keeps every cell of a row under its header and picks out version, date and author', () => {
    const columns = ['Version No', 'Date', 'Time', 'Circulation/Activity', 'Other Comment', 'Author'];
    expect(versionEntry(columns, ['V03', '15/05/13', '2130 hrs', 'Version updated after the meeting', 'Updated by DCI Wenham', ''])).toEqual({
      version: 'V03',
      date: '2013-05-15',
      description: 'Version updated after the meeting — Updated by DCI Wenham',
      author: null,
      cells: { 'Version No': 'V03', Date: '15/05/13', Time: '2130 hrs', 'Circulation/Activity': 'Version updated after the meeting', 'Other Comment': 'Updated by DCI Wenham' },
    });
  });
});
