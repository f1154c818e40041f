import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PlanError } from '../../plan/errors.js';

/**
 * The journal of one plan being written into SharePoint: which site, which transfer (its id is the
 * Generation stamped on every item it writes) and which plan item it made. SharePoint itself is
 * the record of what was written: a resumed transfer reads the plan's items back and writes only
 * what is missing, so the journal only has to say where to look. It holds ids and counts, never
 * plan content, and is replaced whole (write then rename) so a crash never leaves half a journal.
 */
export const JOURNAL_STATES = ['writing', 'interrupted', 'rollback-incomplete', 'done'] as const;
export type JournalState = (typeof JOURNAL_STATES)[number];

const journalSchema = z.object({
  format: z.literal('plan-transfer-journal'),
  version: z.literal(1),
  kind: z.enum(['migrate', 'import']),
  transferId: z.uuid(),
  /** What is being moved: a SQLite plan id, or a file's name and SHA-256. */
  source: z.object({ planId: z.string().optional(), fileName: z.string().optional(), sha256: z.string().optional() }),
  siteId: z.string(),
  siteUrl: z.string(),
  targetPlanId: z.string().nullable(),
  state: z.enum(JOURNAL_STATES),
  startedAt: z.string(),
  updatedAt: z.string(),
});

export type TransferJournalRecord = z.infer<typeof journalSchema>;

export class TransferJournal {
  constructor(readonly path: string) {}

  async read(): Promise<TransferJournalRecord | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new PlanError('invalid_input', `the transfer journal ${this.path} is not JSON; remove it only after checking SharePoint for a half-written plan`);
    }
    const parsed = journalSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PlanError('invalid_input', `the transfer journal ${this.path}: ${issue?.path.join('.') || 'record'} ${issue?.message ?? 'is invalid'}`);
    }
    return parsed.data;
  }

  async write(record: TransferJournalRecord): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, 'utf8');
    await rename(temporary, this.path);
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
