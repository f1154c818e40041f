import type { Rag } from '../../src/plan/rag.js';
import type { TextColor, TextRun } from './adaptive-card.js';
import { run } from './plain-text.js';

const RAG_COLOUR: Record<Rag, TextColor> = {
  Red: 'Attention',
  Amber: 'Warning',
  Green: 'Good',
  Complete: 'Accent',
  'Not set': 'Default',
};

/** A RAG as a coloured dot and its word: colour helps, the word carries it (and reads aloud). */
export function ragRuns(rag: Rag): TextRun[] {
  return [run('● ', { color: RAG_COLOUR[rag] }), run(rag, { weight: 'Bolder', color: RAG_COLOUR[rag] })];
}
