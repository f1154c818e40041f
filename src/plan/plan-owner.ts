import { isGuid } from './guid.js';
import { normaliseLeadName } from './lead.js';
import type { LeadMapping } from './lead-mapping.js';

/** Who is asking: their name, and their Entra ID object id when signed in through Teams. */
export interface Person {
  name: string;
  userId: string | null;
}

/**
 * Whether a person is the plan's owner, who approves completions and new timescales. The owner is
 * recorded as an Entra object id, or as a name the plan's confirmed lead mappings tie to a user:
 * a signed-in person is the owner only through that id. Without sign-in (local mode, one person on
 * loopback) the name is compared, as nothing else is known.
 */
export function isPlanOwner(owner: string | null, person: Person, mappings: readonly LeadMapping[]): boolean {
  if (owner === null || owner.trim() === '') return false;
  const written = owner.trim();
  if (person.userId !== null) {
    if (isGuid(written)) return written.toLowerCase() === person.userId.toLowerCase();
    const mapping = mappings.find((m) => m.lead === normaliseLeadName(written));
    return mapping?.status === 'confirmed' && mapping.target?.kind !== 'group' && mapping.target?.id?.toLowerCase() === person.userId.toLowerCase();
  }
  return normaliseLeadName(written) === normaliseLeadName(person.name);
}
