import { importPlanBuffer } from '../../src/import/import-file.js';
import { PlanError } from '../../src/plan/errors.js';

/** The PlanError a document is refused with; fails the test when the document is read instead. */
export async function refusal(fileName: string, data: Uint8Array): Promise<PlanError> {
  try {
    await importPlanBuffer(fileName, data);
  } catch (err) {
    if (err instanceof PlanError) return err;
    throw err;
  }
  throw new Error(`${fileName} was read, but should have been refused`);
}
