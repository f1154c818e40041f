/**
 * The official Teams app manifest schema, as bundled in @microsoft/app-manifest (its own
 * validateManifest downloads the schema, which fails offline), compiled with Ajv for draft-04.
 * strictTypes is off because Microsoft's schemas mix keywords Ajv's strict mode refuses
 * (STACK-NOTES, "Teams manifest schema").
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { ManifestProblem } from './manifest-problem.js';

// Both packages are CommonJS with `exports.default`; NodeNext types see the module object.
type AjvClass = typeof AjvDraft04Module.default;
const Ajv: AjvClass = (AjvDraft04Module as unknown as { default?: AjvClass }).default ?? (AjvDraft04Module as unknown as AjvClass);
type AddFormats = typeof addFormatsModule.default;
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

const require = createRequire(import.meta.url);

/** The folder of bundled schemas: build/json-schemas/teams/v1.x/MicrosoftTeams.schema.json. */
export function bundledSchemaDir(): string {
  return join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
}

export function bundledSchemaPath(manifestVersion: string): string {
  return join(bundledSchemaDir(), `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(manifestVersion: string): ValidateFunction {
  let validate = compiled.get(manifestVersion);
  if (!validate) {
    const path = bundledSchemaPath(manifestVersion);
    if (!existsSync(path)) throw new Error(`no bundled Teams manifest schema for manifestVersion "${manifestVersion}" (looked for ${path})`);
    const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strictTypes: false, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
    compiled.set(manifestVersion, validate);
  }
  return validate;
}

/** `/bots/0/botId` as `bots[0].botId`, the way people write manifest fields. */
export function fieldName(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  return out === '' ? '(manifest)' : out;
}

function describe(error: ErrorObject): ManifestProblem {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const field = fieldName(`${error.instancePath}/${String(params.missingProperty)}`);
    return { field, message: `${field} is required but missing` };
  }
  const field = fieldName(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const extra = `${field === '(manifest)' ? '' : `${field}.`}${String(params.additionalProperty)}`;
    return { field: extra, message: `${extra} is not a property the schema allows here` };
  }
  if (error.keyword === 'enum') {
    const allowed = Array.isArray(params.allowedValues) ? params.allowedValues.map(String).join(', ') : '';
    return { field, message: `${field} must be one of: ${allowed}` };
  }
  return { field, message: `${field} ${error.message ?? 'is invalid'}` };
}

/** Problems with the manifest according to the official schema of its manifestVersion. */
export function checkAgainstSchema(manifest: unknown): ManifestProblem[] {
  const version = typeof manifest === 'object' && manifest !== null && 'manifestVersion' in manifest ? manifest.manifestVersion : undefined;
  if (typeof version !== 'string') return [{ field: 'manifestVersion', message: 'manifestVersion is required: it chooses the schema to check against' }];
  const validate = validatorFor(version);
  if (validate(manifest)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).map(describe).filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}
