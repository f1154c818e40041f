import { withoutTitles, type Lead } from '../plan/lead.js';
import { acronymOf, nameWords, significantWords } from './name-words.js';

/**
 * What to ask the directory for a lead (learn.microsoft.com/graph/search-query-parameter, "Using
 * $search on directory object collections"): clauses "property:text", each in double quotes with
 * " and \ escaped by a backslash, joined by OR in capitals. displayName is matched word by word
 * (any order, a word may be the start of a longer one: "Guthr" finds Guthrie); mail is matched from
 * its start. A person is asked for by name, a title or rank dropped ("DCI Wenham" by Wenham), and
 * by the first.last mail address most organisations give; a group by its name's words and by the
 * capitals that stand for it ("PCSG").
 */
export interface DirectoryQuery {
  resource: 'users' | 'groups';
  /** The $search value before URL encoding: "displayName:jane price" OR "mail:jane.price". */
  search: string;
}

function clause(property: string, text: string): string {
  return `"${`${property}:${text}`.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The search for one lead; null when nothing in it can be searched (a name of joining words only). */
export function directoryQuery(lead: Lead): DirectoryQuery | null {
  const clauses: string[] = [];
  if (lead.kind === 'person') {
    const words = nameWords(withoutTitles(lead.name));
    if (words.length === 0) return null;
    clauses.push(clause('displayName', words.join(' ')));
    if (words.length >= 2) clauses.push(clause('mail', `${words[0]}.${words.at(-1)}`));
    return { resource: 'users', search: clauses.join(' OR ') };
  }
  const words = significantWords(lead.name);
  if (words.length > 0) clauses.push(clause('displayName', words.join(' ')));
  for (const acronym of [acronymOf(lead.name), lead.role === null ? null : acronymOf(lead.role)]) {
    if (acronym === null) continue;
    for (const c of [clause('displayName', acronym), clause('mail', acronym)]) if (!clauses.includes(c)) clauses.push(c);
  }
  return clauses.length === 0 ? null : { resource: 'groups', search: clauses.join(' OR ') };
}
