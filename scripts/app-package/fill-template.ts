/**
 * Fills `{{NAME}}` placeholders in the manifest template's string values. Works on parsed JSON,
 * not text, so a value can never break the JSON or inject a property.
 */
import type { ManifestProblem } from './manifest-problem.js';
import { fieldName } from './manifest-schema.js';
import type { PackageSettings } from './package-settings.js';

export type TemplateValues = Readonly<Record<string, string>>;

export function templateValues(s: PackageSettings): TemplateValues {
  return {
    PUBLIC_URL: s.publicUrl,
    PUBLIC_HOST: s.publicHost,
    TEAMS_APP_ID: s.teamsAppId,
    APP_VERSION: s.appVersion,
    CLIENT_ID: s.clientId,
    BOT_ID: s.botId,
    APP_ID_URI: s.appIdUri,
    DEVELOPER_NAME: s.developerName,
    PRIVACY_URL: s.privacyUrl,
    TERMS_URL: s.termsUrl,
  };
}

const PLACEHOLDER = /\{\{([A-Z0-9_]+)\}\}/g;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The filled manifest, or the placeholders that have no value, each named by its field. */
export function fillTemplate(template: JsonValue, values: TemplateValues): { manifest: JsonValue; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  const walk = (value: JsonValue, pointer: string): JsonValue => {
    if (typeof value === 'string') {
      return value.replace(PLACEHOLDER, (whole, name: string) => {
        const filled = values[name];
        if (filled !== undefined) return filled;
        const field = fieldName(pointer);
        problems.push({ field, message: `${field} has the placeholder ${whole}, which has no value` });
        return whole;
      });
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, `${pointer}/${i}`));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, `${pointer}/${k}`)]));
    return value;
  };
  return { manifest: walk(template, ''), problems };
}
