/** A lead as the plan names it: a person ("DCI Wenham") or a group ("LSCB's", "Pan Cheshire Group"). */
export interface Lead {
  /** Normalised display name: "Louise West", "Pan Cheshire Group". */
  name: string;
  kind: 'person' | 'group';
  /** What stood in brackets or beside the name: "police comms", "PCSG", "CP Training and Development". */
  role: string | null;
}

/*
 * Reading a Leads cell. Leads are several when the cell joins them with "/", ";", line breaks,
 * or (only when every part is a person's name) with ",", "&" or "and": "Jane Price and Lynne
 * Speak" is two people, "CP Training and Development" one team. A name in brackets after a team
 * is the person who leads for it; anything else in brackets is the lead's role.
 */

/** Titles and police ranks that, before a surname, make a person: "DCI Wenham", "Dr Shah". */
const TITLES = new Set([
  'dci', 'di', 'ds', 'dc', 'dsupt', 'det', 'supt', 'ch', 'chief', 'insp', 'inspector', 'sgt', 'sergeant', 'pc', 'pcso',
  'dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'cllr', 'councillor', 'prof', 'professor', 'sir', 'dame', 'rev', 'revd', 'acc', 'dcc',
]);

/** Words that make a name a team, board or body rather than a person. */
const GROUP_WORDS = new Set([
  'group', 'groups', 'subgroup', 'subgroups', 'sub-group', 'sub-groups', 'board', 'boards', 'team', 'teams', 'partnership',
  'partnerships', 'partners', 'committee', 'forum', 'panel', 'service', 'services', 'unit', 'department', 'agency', 'agencies',
  'managers', 'leads', 'members', 'council', 'trust', 'police', 'constabulary', 'health', 'care', 'education', 'school',
  'schools', 'network', 'hub', 'office', 'authority', 'commissioning', 'safeguarding', 'training', 'development', 'steering',
  'providers', 'staff', 'officers', 'workers', 'coordinators', 'all', 'everyone', 'cabinet', 'executive', 'directorate',
  'sector', 'programme', 'project', 'commissioners', 'chairs', 'practitioners', 'colleagues',
  // Places a bracket qualifies a role with: "Head of Early Help (North Locality)".
  'locality', 'localities', 'area', 'county', 'district', 'borough', 'region', 'division', 'city', 'town',
]);

/** The last word of a role title: "Missing Children Coordinator", "Service Manager", "Designated Nurse". */
const ROLE_WORDS = new Set([
  'coordinator', 'co-ordinator', 'manager', 'officer', 'lead', 'director', 'nurse', 'doctor', 'gp', 'adviser', 'advisor',
  'worker', 'consultant', 'chair', 'head', 'commissioner', 'superintendent', 'practitioner', 'administrator', 'analyst',
]);
/** How a role title opens: "Head of ...", "Chair of ...", "Director of ...", "Lead for ...", "Designated ...". */
const ROLE_OPENING = /^(?:(?:deputy|assistant|interim|acting)\s+)?(?:head|chair|director|lead|manager|designated|named|strategic\s+lead)\b(?:\s+(?:of|for)\b)?/i;

/** The last word of an organisation's name: "Police", "Youth Justice Service", "Acme NHS Trust". */
const AGENCY_ENDINGS = new Set([
  'police', 'constabulary', 'service', 'services', 'trust', 'council', 'team', 'unit', 'board', 'partnership', 'agency',
  'agencies', 'school', 'schools', 'health', 'nhs', 'probation', 'justice', 'care', 'hospital', 'college', 'academy', 'icb',
  'directorate', 'department', 'authority', 'group', 'sub-group', 'subgroup', 'forum', 'hub',
]);

/** "Police", "Youth Justice Service", "CSC": an organisation a plan names as a lead on its own. */
export function isAgency(text: string): boolean {
  const ws = words(text);
  if (ws.length === 0) return false;
  if (ws.length === 1 && ACRONYM.test(ws[0]!)) return true;
  return AGENCY_ENDINGS.has(ws.at(-1)!.toLowerCase());
}

/** "Head of Early Help", "Missing Children Coordinator", "Chair of the Learning sub-group": a role, not a named person. */
export function isRoleTitle(text: string): boolean {
  const ws = words(text);
  if (ws.length === 0) return false;
  return ROLE_OPENING.test(text) || ROLE_WORDS.has(ws.at(-1)!.toLowerCase().replace(/[.,]$/, ''));
}

const NAME_WORD = /^(?:[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:['’-][A-Z]?[a-z]+)*)$/;
const ACRONYM = /^[A-Z][A-Z0-9&]+(?:['’]?s)?$/;

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

function isTitle(word: string): boolean {
  return TITLES.has(word.toLowerCase().replace(/\.$/, ''));
}

/** "Louise West", "Jenny", "DCI Wenham", "Dr Jo O'Neil": one to four capitalised name words, after an optional title. */
export function isPersonName(text: string): boolean {
  const ws = words(text);
  let i = 0;
  while (i < ws.length - 1 && isTitle(ws[i]!)) i++;
  const rest = ws.slice(i);
  if (rest.length === 0 || rest.length > 4) return false;
  if (i === 0 && rest.some((w) => GROUP_WORDS.has(w.toLowerCase()))) return false;
  // "Missing Children Coordinator" is a role; so is a lone "Coordinator" or "Manager", though "DCI Head" is a person.
  if ((rest.length > 1 || i === 0) && ROLE_WORDS.has(rest.at(-1)!.toLowerCase())) return false;
  return rest.every((w) => NAME_WORD.test(w) && !ACRONYM.test(w) && (i > 0 || !isTitle(w)));
}

/** A person named, not a lone first name or a rank: "Jo Smith", "DCI Wenham"; not "Jenny" or "Chief Inspector". */
function isNamedPerson(text: string): boolean {
  const ws = words(text);
  return isPersonName(text) && ws.some((w) => !isTitle(w)) && (ws.length > 1 || withoutTitles(text) !== text);
}

/**
 * "Chief Inspector, Safeguarding Unit", "Jane Smith, Head of Early Help": a rank, role or person,
 * then after a comma the department or role. The comma qualifies; it joins no second lead.
 */
function isQualifiedByComma(text: string): boolean {
  const comma = text.indexOf(',');
  if (comma < 0) return false;
  const before = text.slice(0, comma).trim();
  const after = text.slice(comma + 1).trim();
  const ws = words(before);
  const rank = ws.length > 0 && ws.every(isTitle);
  return (rank || isRoleTitle(before) || isNamedPerson(before)) && (isAgency(after) || isRoleTitle(after));
}

/** What may stand beside another lead in a cell: a person named, a role title, an agency, or one of these qualified. */
function isLeadOnItsOwn(text: string): boolean {
  if (text.includes(',')) return isQualifiedByComma(text);
  return isNamedPerson(text) || isRoleTitle(text) || isAgency(text);
}

/** A person's name without the titles and ranks before it: "DCI Wenham" is Wenham; a lone title stays. */
export function withoutTitles(name: string): string {
  const ws = words(name);
  let i = 0;
  while (i < ws.length - 1 && isTitle(ws[i]!)) i++;
  return ws.slice(i).join(' ');
}

/** Collapses a word written twice in a row ("Louise West West"), a slip the seed plans show. */
function collapseRepeats(text: string): string {
  const out: string[] = [];
  for (const w of words(text)) {
    if (out.length > 0 && out.at(-1)!.toLowerCase() === w.toLowerCase()) continue;
    out.push(w);
  }
  return out.join(' ');
}

function tidy(text: string): string {
  return collapseRepeats(text.replace(/[\s\u00a0]+/g, ' ').trim().replace(/^[\s•·*\-–—]+(?=\S)/u, '').replace(/[\s.,;:]+$/u, '').trim());
}

/** Splits on separators outside brackets. */
function splitOutside(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  let i = 0;
  const sticky = new RegExp(separator.source, 'iy');
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    if ((ch === ')' || ch === ']') && depth > 0) depth--;
    if (depth === 0) {
      sticky.lastIndex = i;
      const m = sticky.exec(text);
      if (m && m[0].length > 0) {
        parts.push(current);
        current = '';
        i += m[0].length;
        continue;
      }
    }
    current += ch;
    i++;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function withoutBrackets(text: string): { main: string; inside: string[] } {
  const inside: string[] = [];
  const main = text.replace(/[([]([^()[\]]*)[)\]]/g, (_all, content: string) => {
    if (content.trim() !== '') inside.push(content.trim());
    return ' ';
  });
  return { main: tidy(main), inside: inside.map(tidy) };
}

function readOne(text: string): Lead | null {
  const { main, inside } = withoutBrackets(text);
  const bracketed = inside.join('; ') || null;
  if (main === '') {
    if (!bracketed) return null;
    return { name: bracketed, kind: isPersonName(bracketed) ? 'person' : 'group', role: null };
  }
  const mainIsPerson = isPersonName(main);
  // "CP Training and Development (Nigel Reid)": the person who leads for the team.
  if (!mainIsPerson && inside.length === 1 && isPersonName(inside[0]!)) {
    return { name: inside[0]!, kind: 'person', role: main };
  }
  // "Natalie Oakley - police comms": a role after a dash, when a person comes first.
  const dashed = /^(.+?)\s+[-–—]\s+(.+)$/u.exec(main);
  if (!mainIsPerson && dashed && isPersonName(dashed[1]!)) {
    return { name: dashed[1]!, kind: 'person', role: [dashed[2]!, bracketed].filter(Boolean).join('; ') };
  }
  // "Jane Smith, Head of Early Help": a person, then their role after a comma.
  const commaed = /^([^,]+),\s*(.+)$/u.exec(main);
  if (!mainIsPerson && commaed && isNamedPerson(commaed[1]!) && isQualifiedByComma(main)) {
    return { name: commaed[1]!, kind: 'person', role: [commaed[2]!, bracketed].filter(Boolean).join('; ') };
  }
  return { name: main, kind: mainIsPerson ? 'person' : 'group', role: bracketed };
}

const PEOPLE_JOINED = /\s*(?:,|&|\band\b|\+)\s*/;
const LEADS_JOINED = [/\s*(?:&|\band\b|\+)\s*/, /\s*(?:&|\+)\s*/] as const;

/**
 * The leads one piece of a cell joins. Names joined by ",", "&" or "and" are several people; role
 * titles, agencies and named people (each perhaps with a bracket or a comma qualifier) joined by "&"
 * or "and" several leads ("DS Ahmed Rahman (Police) and Missing Children Coordinator (CSC)"); a
 * team's own "and" joins nothing ("CP Training and Development"), though an "&" beside it may
 * ("Children and Families Service & Police"). Beside roles and agencies a lone capitalised word
 * ("Children") is no person: a full name or a titled one is.
 */
function severalLeads(piece: string): string[] {
  const main = (part: string): string => withoutBrackets(part).main;
  const people = splitOutside(piece, PEOPLE_JOINED);
  if (people.length > 1 && people.every((p) => isPersonName(main(p)))) return people;
  for (const joined of LEADS_JOINED) {
    const parts = splitOutside(piece, joined);
    if (parts.length > 1 && parts.every((p) => isLeadOnItsOwn(main(p)))) return parts;
  }
  return [piece];
}

/** The leads a Leads cell names, in order, each once. */
export function parseLeads(asWritten: string): Lead[] {
  const leads: Lead[] = [];
  const seen = new Map<string, Lead>();
  // Plain text, one line per paragraph of the cell: the import reads the markup (cell-text.ts), once.
  for (const line of asWritten.split(/\r?\n/)) {
    for (const piece of splitOutside(line, /\s*[/;]\s*/)) {
      for (const part of severalLeads(piece)) {
        const lead = readOne(part);
        if (!lead) continue;
        const key = normaliseLeadName(lead.name);
        const earlier = seen.get(key);
        if (earlier) {
          earlier.role ??= lead.role;
          continue;
        }
        seen.set(key, lead);
        leads.push(lead);
      }
    }
  }
  return leads;
}

/** The key a lead is known by across a plan and its reminders: case, spacing and punctuation forms folded. */
export function normaliseLeadName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[‐-―−]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s.,;:]+|[\s.,;:]+$/g, '');
}

/** Folded for matching: letters and digits, words split on everything else, apostrophes dropped. */
/** The folded form leads are matched on (case, spacing, punctuation); stores index it. */
export function matchForm(s: string): string {
  return normaliseLeadName(s).replace(/['.]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Whether a filter's text picks out this lead: the query, folded for case, spacing and
 * punctuation, starts at a word of the lead's name or role ("west" finds Louise West, "lscbs"
 * finds LSCB's, "ouise" finds nobody). An empty query matches every lead.
 */
export function leadMatches(lead: Lead, query: string): boolean {
  const q = matchForm(query);
  if (q === '') return true;
  return [lead.name, lead.role ?? ''].some((field) => {
    const f = matchForm(field);
    return f !== '' && (` ${f}`.includes(` ${q}`) || f.replace(/ /g, '') === q.replace(/ /g, ''));
  });
}
