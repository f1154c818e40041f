import type { WordStyles } from './word-styles.js';
import { attr, child, children, childVal, intVal, type XmlElement } from '../office-xml.js';

/*
 * Word's automatic numbering (word/numbering.xml), computed as Word displays it: the numbers are
 * not in the text, so a plan numbered "1.", "1.1", "1.2" by a multi-level list has its refs only
 * here. Each w:abstractNum defines up to nine levels (start, format, text such as "%1.%2"); each
 * w:num is an instance pointing at one. Instances of the same abstractNum continue one count, as
 * Word shows them, unless an instance restarts a level (w:lvlOverride/w:startOverride), which gives
 * it a count of its own. A level restarts whenever a shallower one advances, unless w:lvlRestart
 * says after which level it restarts (0: never). Counters run through the whole document, across
 * tables.
 */

interface Level {
  start: number;
  format: string;
  text: string;
  /** Level (1-based) after whose use this one restarts; undefined: every shallower level; 0: never. */
  restartAfter: number | undefined;
  /** "Legal" numbering shows every level's number in decimal. */
  legal: boolean;
  /** The paragraph style this level is tied to, whose paragraphs take it. */
  style: string | undefined;
}

interface Instance {
  abstractId: string;
  /** Levels this instance restarts, with their start. */
  startOverrides: Map<number, number>;
  /** Levels this instance redefines. */
  levelOverrides: Map<number, Level>;
}

function readLevel(lvl: XmlElement): Level {
  const restart = intVal(lvl, 'w:lvlRestart');
  return {
    start: intVal(lvl, 'w:start') ?? 0,
    format: childVal(lvl, 'w:numFmt') ?? 'decimal',
    text: childVal(lvl, 'w:lvlText') ?? '',
    restartAfter: restart,
    legal: child(lvl, 'w:isLgl') !== undefined && attr(child(lvl, 'w:isLgl'), 'w:val') !== '0',
    style: childVal(lvl, 'w:pStyle'),
  };
}

function levelsOf(parent: XmlElement): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const lvl of children(parent, 'w:lvl')) levels.set(Number(attr(lvl, 'w:ilvl') ?? '0'), readLevel(lvl));
  return levels;
}

function letters(n: number, upper: boolean): string {
  if (n <= 0) return String(n);
  // Word repeats the letter past z: 27 is "aa", 28 "bb".
  const letter = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
  return upper ? letter.toUpperCase() : letter;
}

function roman(n: number, upper: boolean): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  let rest = n;
  for (const [value, digits] of table) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return upper ? out.toUpperCase() : out;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A counter in a level's format; formats of words ("cardinalText") show as digits. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'lowerLetter':
      return letters(n, false);
    case 'upperLetter':
      return letters(n, true);
    case 'lowerRoman':
      return roman(n, false);
    case 'upperRoman':
      return roman(n, true);
    case 'ordinal':
      return ordinal(n);
    default:
      return String(n);
  }
}

export interface WordNumbering {
  /**
   * The label Word shows before the next paragraph numbered with this instance and level, counting
   * it; null for bullets, "none" and an unknown instance.
   */
  next(numId: string, ilvl: number): string | null;
  /** The level an instance gives a paragraph style, for a style that names the instance but no level. */
  levelOfStyle(numId: string, styleId: string | undefined): number;
}

export function readNumbering(root: XmlElement | null, styles: WordStyles): WordNumbering {
  const abstracts = new Map<string, { levels: Map<number, Level>; styleLink: string | undefined; numStyleLink: string | undefined }>();
  for (const a of children(root ?? undefined, 'w:abstractNum')) {
    const id = attr(a, 'w:abstractNumId');
    if (id !== undefined) abstracts.set(id, { levels: levelsOf(a), styleLink: childVal(a, 'w:styleLink'), numStyleLink: childVal(a, 'w:numStyleLink') });
  }
  const instances = new Map<string, Instance>();
  for (const num of children(root ?? undefined, 'w:num')) {
    const id = attr(num, 'w:numId');
    const abstractId = childVal(num, 'w:abstractNumId');
    if (id === undefined || abstractId === undefined) continue;
    const startOverrides = new Map<number, number>();
    const levelOverrides = new Map<number, Level>();
    for (const o of children(num, 'w:lvlOverride')) {
      const ilvl = Number(attr(o, 'w:ilvl') ?? '0');
      const start = intVal(o, 'w:startOverride');
      if (start !== undefined) startOverrides.set(ilvl, start);
      const lvl = child(o, 'w:lvl');
      if (lvl) levelOverrides.set(ilvl, readLevel(lvl));
    }
    instances.set(id, { abstractId, startOverrides, levelOverrides });
  }

  /** A list that links to a numbering style takes its levels from the list that style numbers with. */
  const abstractOf = (instance: Instance): ReturnType<typeof abstracts.get> => {
    let abstract = abstracts.get(instance.abstractId);
    const seen = new Set<string>();
    while (abstract?.numStyleLink && !seen.has(abstract.numStyleLink)) {
      seen.add(abstract.numStyleLink);
      const linkedNum = styles.numbering(abstract.numStyleLink)?.numId;
      const linked = linkedNum === undefined ? undefined : instances.get(linkedNum);
      const target = linked ? abstracts.get(linked.abstractId) : undefined;
      if (!target || target === abstract) break;
      abstract = target;
    }
    return abstract;
  };

  const counters = new Map<string, (number | undefined)[]>();

  return {
    next(numId, ilvl) {
      const instance = instances.get(numId);
      const abstract = instance ? abstractOf(instance) : undefined;
      if (!instance || !abstract) return null;
      const level = (i: number): Level | undefined => instance.levelOverrides.get(i) ?? abstract.levels.get(i);
      const current = level(ilvl);
      if (!current) return null;
      const key = instance.startOverrides.size > 0 || instance.levelOverrides.size > 0 ? `num:${numId}` : `abstract:${instance.abstractId}`;
      const counts = counters.get(key) ?? [];
      counters.set(key, counts);
      const startOf = (i: number): number => instance.startOverrides.get(i) ?? level(i)?.start ?? 0;
      counts[ilvl] = counts[ilvl] === undefined ? startOf(ilvl) : counts[ilvl]! + 1;
      for (let deeper = ilvl + 1; deeper < 9; deeper++) {
        const after = level(deeper)?.restartAfter;
        if (after === 0) continue;
        // w:lvlRestart n: restarts after a use of any level up to n (1-based); by default, any shallower level.
        if (after === undefined || ilvl < after) counts[deeper] = undefined;
      }
      if (current.format === 'bullet' || current.format === 'none') return null;
      const label = current.text.replace(/%([1-9])/g, (_all, digit: string) => {
        const i = Number(digit) - 1;
        const value = counts[i] ?? startOf(i);
        const format = i === ilvl ? current.format : current.legal ? 'decimal' : (level(i)?.format ?? 'decimal');
        return formatNumber(value, format);
      });
      return label.trim() === '' ? null : label.trim();
    },
    levelOfStyle(numId, styleId) {
      const instance = instances.get(numId);
      const abstract = instance ? abstractOf(instance) : undefined;
      if (!abstract || styleId === undefined) return 0;
      for (const [i, lvl] of abstract.levels) if (lvl.style === styleId) return i;
      return 0;
    },
  };
}
