import type { ManifestProblem } from './manifest-problem.js';
import { checkAgainstSchema } from './manifest-schema.js';
import { checkTeamsRules } from './teams-rules.js';

/**
 * Everything wrong with a manifest and the files beside it: the official schema of its
 * manifestVersion first, then Teams' rules the schema cannot express. Empty means uploadable as far
 * as can be known offline.
 */
export function validateAppPackage(manifest: unknown, files: ReadonlyMap<string, Buffer>): ManifestProblem[] {
  return [...checkAgainstSchema(manifest), ...checkTeamsRules(manifest, files)];
}
