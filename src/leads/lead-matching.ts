import { withoutTitles, type Lead } from '../plan/lead.js';
import type { LeadMapping, LeadMappingStatus, LeadTarget } from '../plan/lead-mapping.js';
import { acronymOf, initialsOf, mailWords, nameWords, significantWords, withoutBrackets } from './name-words.js';
import type { PlanLead } from './plan-leads.js';

/**
 * Deciding, from what the directory answered, who a lead may be. The directory's own search is
 * loose (a word matches the start of a longer one, so "Jane" finds Janet), so an answer is a good
 * match only when it carries every word of the lead's name whole:
 *
 * - a person: every word of the name (title or rank dropped: "DCI Wenham" is any Wenham) is a word
 *   of the display name, brackets aside, in any order ("Price, Jane" is Jane Price); or the mail
 *   address or sign-in name is first.last;
 * - a group: every word of its name that is not a joining word ("and", "all") is a word of the
 *   group's name; or the capitals the plan uses ("PCSG") are the group's mail nickname, the start
 *   of its mail address, or the initials of its name.
 *
 * One good match is suggested; several are ambiguous; none is unmatched. Nothing is ever
 * confirmed here: only the plan owner confirms.
 */

export type DirectoryEntry =
  | { kind: 'user'; id: string; displayName: string; mail: string | null; userPrincipalName: string | null; jobTitle: string | null }
  | { kind: 'group'; id: string; displayName: string; mail: string | null; mailNickname: string | null };

/** Candidates kept for the owner to choose from; the directory may offer more for a common name. */
export const MAX_KEPT_CANDIDATES = 10;

export interface MatchOutcome {
  status: Exclude<LeadMappingStatus, 'confirmed'>;
  target: LeadTarget | null;
  /** The good matches; when there is none, the directory's near answers ("Janet Price"), so the owner sees what there was. */
  candidates: LeadTarget[];
}

export function targetOf(entry: DirectoryEntry): LeadTarget {
  if (entry.kind === 'user') {
    return { kind: 'user', id: entry.id, displayName: entry.displayName, mail: entry.mail, userPrincipalName: entry.userPrincipalName, jobTitle: entry.jobTitle };
  }
  return { kind: 'group', id: entry.id, displayName: entry.displayName, mail: entry.mail };
}

function includesAll(haystack: readonly string[], needles: readonly string[]): boolean {
  return needles.length > 0 && needles.every((w) => haystack.includes(w));
}

function isGoodPerson(lead: Lead, entry: DirectoryEntry): boolean {
  if (entry.kind !== 'user') return false;
  const words = nameWords(withoutTitles(lead.name));
  if (includesAll(nameWords(withoutBrackets(entry.displayName)), words)) return true;
  if (words.length < 2) return false;
  const firstLast = [words[0], words.at(-1)].join(' ');
  return [entry.mail, entry.userPrincipalName].some((address) => mailWords(address).join(' ') === firstLast);
}

function isGoodGroup(lead: Lead, entry: DirectoryEntry): boolean {
  if (entry.kind !== 'group') return false;
  if (includesAll(nameWords(withoutBrackets(entry.displayName)), significantWords(lead.name))) return true;
  const acronyms = [acronymOf(lead.name), lead.role === null ? null : acronymOf(lead.role)].filter((a): a is string => a !== null);
  const names = [entry.mailNickname?.toLowerCase() ?? null, mailWords(entry.mail).join(''), initialsOf(entry.displayName)];
  return acronyms.some((a) => names.includes(a));
}

/** The outcome for one lead from the directory's answers to its search. */
export function judgeMatches(lead: Lead, entries: readonly DirectoryEntry[]): MatchOutcome {
  const unique = [...new Map(entries.map((e) => [e.id, e])).values()];
  const good = unique.filter((e) => (lead.kind === 'person' ? isGoodPerson(lead, e) : isGoodGroup(lead, e)));
  if (good.length === 1) return { status: 'suggested', target: targetOf(good[0]!), candidates: good.map(targetOf) };
  if (good.length > 1) return { status: 'ambiguous', target: null, candidates: good.slice(0, MAX_KEPT_CANDIDATES).map(targetOf) };
  return { status: 'unmatched', target: null, candidates: unique.slice(0, MAX_KEPT_CANDIDATES).map(targetOf) };
}

/** The mapping a search outcome gives a lead, dated `at` (an ISO instant). */
export function matchedMapping(planLead: PlanLead, outcome: MatchOutcome, at: string): LeadMapping {
  return {
    lead: planLead.key,
    writtenAs: planLead.lead.name,
    status: outcome.status,
    target: outcome.target,
    candidates: outcome.candidates,
    updatedAt: at,
    confirmedBy: null,
  };
}

/** Of freshly matched mappings, those to save: a mapping the owner confirmed is never replaced by a search. */
export function replaceableBy(stored: readonly LeadMapping[], fresh: readonly LeadMapping[]): LeadMapping[] {
  const confirmed = new Set(stored.filter((m) => m.status === 'confirmed').map((m) => m.lead));
  return fresh.filter((m) => !confirmed.has(m.lead));
}
