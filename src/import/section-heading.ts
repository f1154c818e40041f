/**
 * Headings that start a section or priority: "1. Multi Agency Partnerships;", "Priority 2",
 * "Objective 3: Early help", "Section 4 - Awareness". A bare "Priority 2" takes its title from the
 * paragraph after it when that reads "Title - description".
 */
const NUMBERED = /^(\d{1,2})[.)]\s+([A-Z].{1,200})$/;
const NAMED = /^(priority|objective|section|theme|strand|workstream|work stream|outcome|area|aim|part)\s+(\d{1,2}|[ivx]+)\b\s*[:.\-–—]?\s*(.*)$/i;

export function parseSectionHeading(text: string): { number: string; label: string | null; title: string } | null {
  const clean = text.replace(/\*+/g, '').replace(/\s+/g, ' ').trim();
  const named = NAMED.exec(clean);
  if (named) {
    const rest = named[3]!.replace(/[;:,]+$/, '').trim();
    const label = `${named[1]![0]!.toUpperCase()}${named[1]!.slice(1).toLowerCase()}`;
    return { number: named[2]!, label, title: rest || `${label} ${named[2]}` };
  }
  const numbered = NUMBERED.exec(clean);
  // A numbered heading is short: a sentence that happens to start "1. " is not one.
  if (numbered && numbered[2]!.split(' ').length <= 16) return { number: numbered[1]!, label: null, title: numbered[2]!.replace(/[;:,]+$/, '').trim() };
  return null;
}

/** For a bare heading ("Priority 1"), "Prevention ... confidence - All partners will ..." gives the title and the description. */
export function splitBareHeadingDescription(title: string, number: string | null, text: string): { title: string; description: string } {
  const bare = number !== null && new RegExp(`^[A-Za-z ]+ ${number}$`).test(title);
  if (bare) {
    const m = /^(.{3,120}?)\s+[-–—]\s+(.+)$/.exec(text);
    if (m) return { title: m[1]!.trim(), description: m[2]!.trim() };
  }
  return { title, description: text };
}
