import { describe, expect, it } from 'vitest';
import { exportColumns } from '../../src/export/export-columns.js';
import { exportFileName, exportFormat } from '../../src/export/export-formats.js';
import { ragLook, readableOn } from '../../src/export/rag-look.js';
import { nextVersion } from '../../src/export/version-entry.js';
import { xmlSafe } from '../../src/export/xml-safe.js';

describe('the next version', () => {
  it.each([
    ['V03', 'V04'],
    ['V09', 'V10'],
    ['1.2', '1.3'],
    ['Version 9', 'Version 10'],
    ['v2 draft', 'v3 draft'],
    [null, '1'],
    ['Final', '1'],
  ])('after %s is %s', (last, next) => {
    expect(nextVersion(last)).toBe(next);
  });
});

describe("the export's columns", () => {
  const none = () => false;
  it("are the plan's own, in its order, each role once and unused ones left out, a blank heading named", () => {
    const columns = exportColumns(
      {
        columns: [
          { heading: '', role: 'ref' },
          { heading: 'Lead(s)', role: 'lead' },
          { heading: 'Risk', role: null },
          { heading: 'What', role: 'action' },
          { heading: 'Second lead', role: 'lead' },
          { heading: 'BRAG', role: 'rag' },
        ],
      },
      none,
    );
    expect(columns).toEqual([
      { heading: 'Ref', role: 'ref' },
      { heading: 'Lead(s)', role: 'lead' },
      { heading: 'What', role: 'action' },
      { heading: 'BRAG', role: 'rag' },
    ]);
  });

  it('gain the refs and the RAG when the plan had neither, and a role with something to show before the RAG', () => {
    const columns = exportColumns({ columns: [{ heading: 'Action', role: 'action' }, { heading: 'Owner', role: 'lead' }] }, (role) => role === 'updates');
    expect(columns.map((c) => c.heading)).toEqual(['Ref', 'Action', 'Owner', 'Updates', 'RAG']);
  });

  it('are the usual ones for a plan that kept none', () => {
    expect(exportColumns({}, none).map((c) => c.heading)).toEqual(['Ref', 'Action', 'Outcome', 'Lead', 'Timescale', 'Updates', 'RAG']);
  });
});

describe('RAG on paper', () => {
  it("takes the key's own colour, else the tint of the colour it names, else the usual tint; Not set is unshaded", () => {
    const legend = [
      { rag: 'Red' as const, colour: 'Red', meaning: 'off track', swatch: 'FF0000' },
      { rag: 'Amber' as const, colour: 'Amber', meaning: 'at risk' },
    ];
    expect(ragLook('Red', legend)).toEqual({ word: 'Red', fill: 'FF0000', text: '000000' });
    expect(ragLook('Amber', legend).fill).toBe('FFEB9C');
    expect(ragLook('Complete', legend).fill).toBe('BDD7EE');
    expect(ragLook('Not set', legend)).toEqual({ word: 'Not set', fill: null, text: '000000' });
  });

  it('writes white on dark shading and black on light', () => {
    expect(readableOn('00703C')).toBe('FFFFFF');
    expect(readableOn('FFEB9C')).toBe('000000');
  });
});

describe('text and names', () => {
  it('leaves out what XML cannot hold, and keeps emoji and every script', () => {
    expect(xmlSafe('a\u0000b\u0007c\u000Bd\uFFFFe\uD800f 👍🏽 שלום')).toBe('abc def 👍🏽 שלום');
  });

  it('names the file from the title, safely', () => {
    expect(exportFileName('Plan: 2017/18 "CSE" <draft>', 'docx')).toBe('Plan 2017 18 CSE draft.docx');
    expect(exportFileName('../..', 'docx')).toBe('plan.docx');
    expect(exportFileName('Cynllun Gweithredu – Diogelu', 'docx')).toBe('Cynllun Gweithredu Diogelu.docx');
  });

  it('refuses a format it does not have, naming those it has', () => {
    expect(() => exportFormat('pdf')).toThrow(/^--format pdf is not available; use json, docx/);
    expect(exportFormat('DOCX').name).toBe('docx');
  });
});
