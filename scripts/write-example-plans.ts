/**
 * Writes the children's partnership plan and its next version (Word documents LibreOffice makes,
 * the same as the import tests use) into a folder, for docs/cli.md's re-import example:
 *   node bin/run-ts.js scripts/write-example-plans.ts DIR
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CHILDREN_PLAN, CHILDREN_PLAN_V2 } from '../test/fixtures/real-plans/index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: write-example-plans.ts DIR');
for (const fixture of [CHILDREN_PLAN, CHILDREN_PLAN_V2]) {
  await writeFile(join(dir, fixture.fileName), await fixture.build());
  process.stdout.write(`${fixture.fileName}\n`);
}
