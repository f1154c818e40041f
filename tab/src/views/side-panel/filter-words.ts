import type { Section } from '../../../../src/plan/plan.js';
import { formatDate } from '../../format/dates.js';
import type { TabFilter } from '../../plan/tab-filter.js';
import { sectionName, sectionValue } from '../FilterBar.js';

/** The RAG sets people ask for by name; any other set is its words. */
function ragWords(rag: readonly string[]): string {
  if (rag.length === 2 && rag.includes('Red') && rag.includes('Amber')) return 'red and amber';
  return rag.join(', ');
}

/**
 * The filter as one line of words ("red and amber · overdue · lead Louise West"), so the side panel
 * shows what it hides without the filter bar's height; null when nothing is filtered.
 */
export function filterWords(filter: TabFilter, sections: readonly Section[]): string | null {
  const section = sections.find((s) => sectionValue(s) === filter.section || s.id === filter.section);
  const parts = [
    filter.rag.length > 0 ? ragWords(filter.rag) : null,
    filter.overdue ? 'overdue' : null,
    filter.section ? (section === undefined ? `section ${filter.section}` : sectionName(section)) : null,
    filter.lead ? `lead ${filter.lead}` : null,
    filter.dueBefore ? `due before ${formatDate(filter.dueBefore)}` : null,
    filter.changedSince ? `changed since ${formatDate(filter.changedSince)}` : null,
    filter.q.trim() ? `“${filter.q.trim()}”` : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? null : parts.join(' · ');
}
