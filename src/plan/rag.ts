/** RAG status values, spelt as SharePoint's Choice column and every screen show them. */
export const RAG_VALUES = ['Red', 'Amber', 'Green', 'Complete', 'Not set'] as const;
export type Rag = (typeof RAG_VALUES)[number];

export function isRag(value: string): value is Rag {
  return (RAG_VALUES as readonly string[]).includes(value);
}

/** A RAG as read from a document: the value, what was written, and why when it is not plain. */
export interface RagReading {
  rag: Rag;
  asWritten: string;
  note: string | null;
}

/** One line of a plan's RAG legend ("RED – at risk (high)", "Purple notes updates are required"). */
export interface RagLegendEntry {
  /** The RAG value the colour stands for, or null for a colour outside RAG (purple). */
  rag: Rag | null;
  colour: string;
  meaning: string;
}
