import type { UpdateOrigin } from '../plan/update.js';

/** Where a person's update comes from: never an import, whose keys are the store's own. */
export type PersonOrigin = Exclude<UpdateOrigin, 'import' | 'sharepoint'>;

/**
 * The key a person's update is stored under: always in its origin's namespace ("tab:…", "card|…",
 * "chat|…"). A key sent from outside (the API takes any) would otherwise be free to take one an
 * import or a revision writes later, deterministically ("revision:…", revision-keys.ts): the
 * revision's history entry would then be answered "already recorded" and never written. Keys the
 * product makes already carry their namespace and are kept as they are.
 */
export function personUpdateKey(origin: PersonOrigin, key: string): string {
  return key.startsWith(`${origin}:`) || key.startsWith(`${origin}|`) ? key : `${origin}:${key}`;
}
