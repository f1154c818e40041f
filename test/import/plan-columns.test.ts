import { describe, expect, it } from 'vitest';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { buildDocx } from '../fixtures/build-docx.js';
import { CHESHIRE, GLOUCESTERSHIRE, readSample } from './seed-plans.js';

describe("the plan table's columns, kept as the document heads them", () => {
  it('in the order written, with the role each heading was read as and the columns the plan does not use', async () => {
    const header = [['No.'], ['Action'], ['Risk'], ['Owner'], ['Target date'], ['Progress update'], ['Status']];
    const data = await buildDocx([
      { kind: 'paragraph', text: 'Delivery Plan 2024-25', heading: true },
      { kind: 'table', rows: [header, [['1a'], ['Audit case files'], ['-'], ['Dr Amira Shah'], ['31/03/2025'], ['June 24 - audit tool agreed'], ['A']]] },
    ]);
    const { draft } = await importPlanBuffer('plan.docx', data);
    expect(draft.columns).toEqual([
      { heading: 'No.', role: 'ref' },
      { heading: 'Action', role: 'action' },
      { heading: 'Risk', role: null },
      { heading: 'Owner', role: 'lead' },
      { heading: 'Target date', role: 'timescale' },
      { heading: 'Progress update', role: 'updates' },
      { heading: 'Status', role: 'rag' },
    ]);
  });

  it('of the sample plans, a blank heading over the numbers kept blank', () => {
    expect(readSample(GLOUCESTERSHIRE).draft.columns!.map((c) => c.heading)).toEqual([
      '',
      'Desired Outcome',
      'Action: activity that needs to take place to achieve Desired Outcome',
      'Leads',
      'Timescale: complete by',
      'Progress: activity to date for this action',
    ]);
    expect(readSample(CHESHIRE).draft.columns).toEqual([
      { heading: '', role: 'ref' },
      { heading: 'Action', role: 'action' },
      { heading: 'Anticipated Outcomes', role: 'outcome' },
      { heading: 'Lead', role: 'lead' },
      { heading: 'Timescales', role: 'timescale' },
      { heading: 'Updates / Comment', role: 'updates' },
      { heading: 'RAG', role: 'rag' },
    ]);
  });
});
