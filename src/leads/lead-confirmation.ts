import { PlanError } from '../plan/errors.js';
import type { LeadMapping, LeadTarget } from '../plan/lead-mapping.js';
import { isMailAddress } from '../store/lead-mapping-checks.js';
import type { Directory } from './directory-search.js';
import { isObjectId } from './directory-search.js';
import { targetOf } from './lead-matching.js';

/**
 * What the plan owner does with a mapping: confirm the suggestion, choose someone, or unset it.
 * Every change names who made it and when; the store keeps the rest (candidates stay, so an owner
 * who unsets a mapping can choose again without searching).
 */

export type TargetChoice = { kind: 'user' | 'group' | 'contact' | 'email'; value: string };

/** A lead with no mapping yet, so the owner can confirm someone without a search first. */
export function emptyMapping(lead: string, writtenAs: string, at: string): LeadMapping {
  return { lead, writtenAs, status: 'unmatched', target: null, candidates: [], updatedAt: at, confirmedBy: null };
}

export function confirmSuggestion(mapping: LeadMapping, by: string, at: string): LeadMapping {
  if (mapping.status === 'confirmed') return mapping;
  if (mapping.status !== 'suggested' || mapping.target === null) {
    const choices = mapping.candidates.map((c) => `${c.displayName}${c.mail ? ` <${c.mail}>` : ''}${c.id ? ` (${c.id})` : ''}`).join('; ');
    throw new PlanError(
      'invalid_input',
      `"${mapping.writtenAs}" is ${mapping.status === 'ambiguous' ? 'ambiguous' : 'not matched'}, so there is no suggestion to confirm: choose with --user <id|mail>, --group <id> or --contact <mail>${choices ? ` (candidates: ${choices})` : ''}`,
    );
  }
  return { ...mapping, status: 'confirmed', updatedAt: at, confirmedBy: by };
}

export function confirmTarget(mapping: LeadMapping, target: LeadTarget, by: string, at: string): LeadMapping {
  return { ...mapping, status: 'confirmed', target, updatedAt: at, confirmedBy: by };
}

/** Back to nobody: the reminder sweep lists the lead as unreachable until someone is confirmed again. */
export function unsetMapping(mapping: LeadMapping, at: string): LeadMapping {
  return { ...mapping, status: 'unmatched', target: null, updatedAt: at, confirmedBy: null };
}

function sameAddress(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function asKind(target: LeadTarget, kind: TargetChoice['kind']): LeadTarget {
  return { ...target, kind };
}

/**
 * The person or group an owner named, as a target: one the directory already offered for this
 * lead, else looked up in the directory, else (with no directory) taken on trust by object id,
 * shown under the lead's own name until a search can name it. A mail address cannot be turned
 * into a user without the directory, except for a contact, who may be known by mail alone.
 */
export async function resolveTarget(choice: TargetChoice, mapping: LeadMapping, directory: Directory | null): Promise<LeadTarget> {
  const value = choice.value.trim();
  if (choice.kind === 'email') return emailTarget(value, mapping, directory);
  if (value === '') throw new PlanError('invalid_input', `--${choice.kind} needs an object id or a mail address`);
  const wantGroup = choice.kind === 'group';
  const offered = [mapping.target, ...mapping.candidates].filter((t): t is LeadTarget => t !== null && (t.kind === 'group') === wantGroup);
  const known = offered.find((t) => sameAddress(t.id, value) || sameAddress(t.mail, value) || sameAddress(t.userPrincipalName, value));
  if (known) return asKind(known, choice.kind);

  if (directory) {
    const found = wantGroup ? await directory.findGroup(value) : await directory.findUser(value);
    if (!found) throw new PlanError('invalid_input', `the directory has no ${wantGroup ? 'group' : 'user'} with the id or mail address "${value}"`);
    return asKind(targetOf(found), choice.kind);
  }
  if (isObjectId(value)) return { kind: choice.kind, id: value.toLowerCase(), displayName: mapping.writtenAs, mail: null };
  if (choice.kind === 'contact' && value.includes('@')) return { kind: 'contact', id: null, displayName: value, mail: value };
  throw new PlanError(
    'invalid_input',
    `finding "${value}" needs the directory, and no tenant is configured: give the ${wantGroup ? 'group' : 'user'}'s object id instead${choice.kind === 'user' ? ', or map the lead to a contact by mail with --contact' : ''}`,
  );
}

/**
 * A lead with no account in the tenant, reminded by email at the address the owner gives. Someone
 * the directory knows by that address (a member, or a guest, whose mail is their own address) is
 * refused here: as a user they get the card in Teams, and their answers carry who they are.
 */
async function emailTarget(value: string, mapping: LeadMapping, directory: Directory | null): Promise<LeadTarget> {
  if (!isMailAddress(value)) throw new PlanError('invalid_input', `--email needs one email address, such as jane.price@nhs.example, not "${value}"`);
  const known = directory ? await directory.findUser(value) : null;
  if (known) {
    const guest = known.userPrincipalName?.toUpperCase().includes('#EXT#') ? ' (a guest in the tenant)' : '';
    throw new PlanError('invalid_input', `${value} is ${known.displayName}${guest} in the directory: confirm them with --user ${value}, and their reminders come as a card in Teams`);
  }
  return { kind: 'email', id: null, displayName: mapping.writtenAs, mail: value.toLowerCase() };
}
