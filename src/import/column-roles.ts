import type { ColumnMapping, ColumnRole } from './import-report.js';

/**
 * What boards call each column, by meaning: the words and stems that name it. The header's leading
 * phrase (before ':' or '(') decides first, so "Action: activity that needs to take place to achieve
 * Desired Outcome" is the action column, not the outcome one. Order matters where words overlap.
 */
const MEANINGS: readonly { role: ColumnRole; pattern: RegExp; name: string }[] = [
  { role: 'ref', pattern: /^(ref|refs|reference|no|nos|number|num|#|item|id|action no|action ref|action number|rec no)$/, name: 'a reference or number' },
  { role: 'rag', pattern: /^(rag|rag rating|rag status|status|rating|red amber green|brag|rag \/ status|rag status \/ progress)$/, name: 'RAG or status' },
  { role: 'timescale', pattern: /(timescale|time scale|timeframe|time frame|deadline|target date|by when|due|completion date|complete by|completed by|date for completion|when|target completion|end date|\bdates?$)/, name: 'timescale, deadline, target date, by when' },
  { role: 'lead', pattern: /(\blead|owner|responsib|\bwho\b|officer|accountab|agency|agencies|person|partner)/, name: 'lead, owner, responsible officer, who' },
  { role: 'updates', pattern: /(update|progress|comment|\bnotes?\b|evidence|current position|position statement|activity to date|actions? taken|commentary)/, name: 'updates, progress, comments' },
  { role: 'sources', pattern: /^(sources?|origin|driver|drivers|link to|recommendation ref|national reference|standard)$/, name: 'source' },
  { role: 'action', pattern: /(^actions?\b|^what\b|^tasks?\b|^activit|^key actions?|^steps?\b|^recommendation|^how\b|^specific action|^action required|^actions required|^planned action|^intervention)/, name: 'action, task, what, recommendation' },
  { role: 'outcome', pattern: /(outcome|success|measure|impact|objective|\baim|purpose|expected|result|deliverable|criteria|benefit|evidence of)/, name: 'outcome, success measure, impact' },
];

function normalise(header: string): string {
  return header.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim().toLowerCase().replace(/[.*]+$/, '');
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

export const EXPECTED_HEADERS = MEANINGS.filter((m) => m.role !== 'sources').map((m) => m.name);

/**
 * The columns of a header row, or null when it is not a plan header: a plan header names at least
 * three roles, one of them the action or the outcome. A blank header over the first column is the
 * numbers column (the seeds' exports leave it blank).
 */
export function mapHeaderRow(cells: readonly string[]): ColumnMapping[] | null {
  // Headers are labels: a row with a number first or a sentence in it is data, whatever words it uses.
  if (/^\s*\d+(\.\d+)*[a-z]?\b/i.test(cells[0] ?? '')) return null;
  if (cells.some((c) => normalise(c).split(' ').length > 14)) return null;
  const used = new Set<ColumnRole>();
  const mapping: ColumnMapping[] = cells.map((cell) => {
    const found = roleOfHeader(cell);
    if (!found) return { header: normalise(cell) === '' ? '' : cell.trim(), role: null, reason: normalise(cell) === '' ? 'blank header' : 'not a column the plan uses' };
    if (used.has(found.role)) return { header: cell.trim(), role: null, reason: `a second ${found.role} column; the first one is used` };
    used.add(found.role);
    return { header: cell.trim(), role: found.role, reason: found.reason };
  });
  const named = mapping.filter((m) => m.header !== '').length;
  if (used.size < 3 || !(used.has('action') || used.has('outcome')) || used.size < named / 2) return null;
  const first = mapping[0];
  if (first && first.role === null && first.header === '' && !used.has('ref')) {
    mapping[0] = { header: '', role: 'ref', reason: 'blank header over the first column: the action numbers' };
  }
  return mapping;
}

/** Whether a row is a version record's header ("Version No | Date | ... | Author"). */
export function isVersionHeader(cells: readonly string[]): boolean {
  const texts = cells.map(normalise);
  const short = texts.every((t) => t.split(' ').length <= 4);
  return short && texts.some((t) => /^(version|ver|issue|revision)( no| number)?$/.test(t)) && texts.some((t) => /^(date|author|circulation|change|changes)\b/.test(t));
}
