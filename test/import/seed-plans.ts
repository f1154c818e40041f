import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTextExport } from '../../src/import/formats/text-export.js';
import type { ImportResult } from '../../src/import/import-report.js';
import type { ActionDraft } from '../../src/plan/plan.js';
import { readPlan } from '../../src/import/plan-reader.js';

export const SAMPLES = join(import.meta.dirname, '../../samples');
export const CHESHIRE = 'pan-cheshire-cse-2013.txt';
export const GLOUCESTERSHIRE = 'gloucestershire-cse-2017-18.txt';

export function sampleText(name: string): string {
  return readFileSync(join(SAMPLES, name), 'utf8');
}

export function readSample(name: string): ImportResult {
  return readPlan(readTextExport(name, sampleText(name)), { importedAt: '2026-11-22T09:00:00.000Z' });
}

/** A sample plan read once, with a lookup of its actions by ref that fails loudly on a missing one. */
export function sampleWithLookup(name: string): ImportResult & { action: (ref: string) => ActionDraft } {
  const result = readSample(name);
  return {
    ...result,
    action: (ref) => {
      const found = result.draft.actions.find((a) => a.ref === ref);
      if (!found) throw new Error(`${name} has no action ${ref}`);
      return found;
    },
  };
}
