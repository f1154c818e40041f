/*
 * How names are cut into words to compare a lead with what the directory holds: case folded,
 * curly apostrophes straightened, a possessive "'s" dropped ("LSCB's" is LSCB), other apostrophes
 * closed up ("O'Neil" is oneil), and everything that is not a letter or digit a break.
 */

/** Joining words that do not name anyone: "All Steering group leads", "Pan Cheshire and Sub Groups". */
const STOP_WORDS = new Set(['and', 'the', 'of', 'for', 'all', 'to', 'in']);

export function nameWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** The words that name a team or body, joining words left out. */
export function significantWords(text: string): string[] {
  return nameWords(text).filter((w) => !STOP_WORDS.has(w));
}

/** A person's or group's name without what stands in brackets: "Louise West (Gloucestershire Constabulary)". */
export function withoutBrackets(text: string): string {
  return text.replace(/[([][^()[\]]*[)\]]/g, ' ');
}

/** "PCSG", "LSCB's": capitals standing for a body's name, folded; null for ordinary words. */
export function acronymOf(text: string): string | null {
  const bare = text.trim().replace(/['’]s$/, '');
  return /^[A-Z][A-Z0-9&]{1,9}$/.test(bare) ? bare.toLowerCase().replace(/&/g, '') : null;
}

/** "Pan Cheshire Strategic Group" → pcsg: what the board's papers call it. */
export function initialsOf(text: string): string {
  return significantWords(withoutBrackets(text))
    .map((w) => w[0])
    .join('');
}

/**
 * The words before the @ of a mail address or sign-in name: jane.price@... → jane, price. A guest's
 * sign-in name is their own address with its @ made _ and "#EXT#@" the tenant's domain after it
 * (annette.blackstock_nhs.example#EXT#@council.onmicrosoft.com): read as the address it stands for.
 */
export function mailWords(address: string | null | undefined): string[] {
  if (!address) return [];
  const guest = /^(.*)_[^_@]+#EXT#@/i.exec(address);
  const local = guest ? guest[1]! : (address.split('@')[0] ?? '');
  return nameWords(local.replace(/[._-]+/g, ' '));
}
