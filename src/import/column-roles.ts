import type { ColumnMapping, ColumnRole } from './import-report.js';

/**
 * What boards call each column, by meaning: the words and stems that name it. The header's leading
 * phrase (before ':' or '(') decides first, so "Action: activity that needs to take place to achieve
 * Desired Outcome" is the action column, not the outcome one. The list runs from the most specific
 * wording to the loosest, because words overlap: "Progress to date" is progress, not a date;
 * "Action owner" is a lead, not an action; "How will we know" is a success measure, not a task.
 */
const MEANINGS: readonly { role: ColumnRole; pattern: RegExp; name: string }[] = [
  { role: 'ref', pattern: /^(ref|refs|reference|ref no|no|nos|number|num|#|item|item no|id|action no|action ref|action number|rec no|recommendation no)$/, name: 'a reference or number' },
  { role: 'rag', pattern: /^(b?rag\b.*|(current |overall )?status|rating|red amber green|traffic light)$/, name: 'RAG or status' },
  { role: 'outcome', pattern: /^(how will (we|you) know|what difference|how will (we|you|it) be measured|evidence of (impact|success|completion))/, name: 'outcome, success measure, impact' },
  { role: 'lead', pattern: /^(action owner|by whom|who by|who is responsible)/, name: 'lead, owner, responsible officer, who' },
  { role: 'updates', pattern: /(update|progress|comment|\bnotes?\b|evidence|current position|position statement|activity to date|actions? taken|commentary)/, name: 'updates, progress, comments' },
  { role: 'timescale', pattern: /(timescale|time scale|timeframe|time frame|deadline|^target$|target date|by when|\bdue\b|completion date|complete by|completed by|date for completion|\bwhen\b|target completion|end date|\bdates?\b)/, name: 'timescale, deadline, target date, by when' },
  { role: 'lead', pattern: /(\blead|owner|responsib|\bwho\b|officer|accountab|agency|agencies|person|partner)/, name: 'lead, owner, responsible officer, who' },
  { role: 'sources', pattern: /^(sources?|origin|drivers?|link to|national reference|standard|recommendation ref)$/, name: 'source' },
  { role: 'action', pattern: /^(actions?\b|what\b|tasks?\b|activit|key (actions?|tasks?|activit)|steps?\b|recommendations?\b|how\b|specific action|planned action|interventions?\b)/, name: 'action, task, what, recommendation' },
  { role: 'outcome', pattern: /(outcome|success|measure|impact|objective|\baim|purpose|expected|result|deliverable|criteria|benefit)/, name: 'outcome, success measure, impact' },
];

/** Header text as compared (plain text, as plainText gives it): emphasis and trailing stops gone, lower case. */
function normalise(header: string): string {
  return header
    .replace(/\*+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[.?]+$/, '');
}

function leadingPhrase(header: string): string {
  return header.split(/[:(–—]|\s-\s/)[0]!.trim();
}

/** The role a header names, judged on its leading phrase first, then the whole text. */
export function roleOfHeader(header: string): { role: ColumnRole; reason: string } | null {
  const text = normalise(header);
  if (!text) return null;
  for (const phrase of [leadingPhrase(text), text]) {
    for (const m of MEANINGS) {
      if (m.pattern.test(phrase)) return { role: m.role, reason: `"${phrase}" reads as ${m.name}` };
    }
  }
  return null;
}

/** What a plan header is expected to name, for the error that says none was found. */
export const EXPECTED_HEADERS = ['Ref / No.', 'Action', 'Outcome / Success measure', 'Lead / Owner', 'Timescale / Target date', 'Progress / Updates', 'RAG / Status'];

const RECOMMENDATION = /^recommendations?\b/;

/**
 * The columns of a header row, or null when it is not a plan header: a plan header names at least
 * three roles, one of them the action or the outcome. A blank header over the first column is the
 * numbers column (the seeds' exports leave it blank). Beside an action column, a "Recommendation"
 * column is where the action came from, so it is read as the sources.
 */
export function mapHeaderRow(cells: readonly string[]): ColumnMapping[] | null {
  // Headers are labels: a row with a number first or a sentence in it is data, whatever words it uses.
  if (/^\s*\d+(\.\d+)*[a-z]?\b/i.test(normalise(cells[0] ?? ''))) return null;
  if (cells.some((c) => normalise(c).split(' ').length > 14)) return null;
  const found = cells.map((cell) => roleOfHeader(cell));
  const actionColumns = found.filter((f) => f?.role === 'action').length;
  const used = new Set<ColumnRole>();
  const mapping: ColumnMapping[] = cells.map((cell, i) => {
    const header = normalise(cell) === '' ? '' : cell.trim();
    let role = found[i];
    if (!role) return { header, role: null, reason: header === '' ? 'blank header' : 'not a column the plan uses' };
    if (role.role === 'action' && actionColumns > 1 && RECOMMENDATION.test(normalise(cell)) && !used.has('sources')) {
      role = { role: 'sources', reason: `"${normalise(cell)}" beside an action column: the recommendation the action answers` };
    }
    if (used.has(role.role)) return { header, role: null, reason: `a second ${role.role} column; the first one is used` };
    used.add(role.role);
    return { header, role: role.role, reason: role.reason };
  });
  const named = mapping.filter((m) => m.header !== '').length;
  if (used.size < 3 || !(used.has('action') || used.has('outcome')) || used.size < named / 2) return null;
  const first = mapping[0];
  if (first && first.role === null && first.header === '' && !used.has('ref')) {
    mapping[0] = { header: '', role: 'ref', reason: 'blank header over the first column: the action numbers' };
  }
  return mapping;
}
