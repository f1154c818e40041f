import type { EditSyncReport, ListEditSync } from './list-edit-sync.js';

/**
 * When the lists are looked at for edits made in SharePoint: every few minutes, and soon after a
 * change notification says something changed (several notifications in a burst make one round).
 * A failed round is logged and tried again at the next turn; its delta link has not moved, so the
 * edits it missed are read again (list-edit-sync.ts).
 */
export interface EditSyncScheduleOptions {
  sync: Pick<ListEditSync, 'syncOnce'>;
  everyMinutes: number;
  /** Counts only: never what anyone wrote. */
  log: (line: string) => void;
  /** How long after a notification the round starts, so a burst of them makes one. */
  settleMs?: number;
}

export function describeEditSync(report: EditSyncReport): string {
  const lists = report.lists.map((l) => `${l.list} ${l.items} items in ${l.pages} pages${l.resynced ? ' (read again from the start)' : ''}`).join(', ');
  const skipped = report.skipped.length > 0 ? `; ${report.skipped.length} items not taken in (${report.skipped.map((s) => `${s.list} item ${s.id}: ${s.why}`).join('; ')})` : '';
  return `sharepoint edits: ${report.recorded} recorded, ${report.adopted} updates taken in; ${lists}${skipped}`;
}

export class EditSyncSchedule {
  private timer: NodeJS.Timeout | null = null;
  private nudged: NodeJS.Timeout | null = null;

  constructor(private readonly options: EditSyncScheduleOptions) {}

  start(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), this.options.everyMinutes * 60_000);
    this.timer.unref();
  }

  /** A notification came: a round soon. */
  nudge(): void {
    if (this.nudged) return;
    this.nudged = setTimeout(() => {
      this.nudged = null;
      void this.run();
    }, this.options.settleMs ?? 2000);
    this.nudged.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.nudged) clearTimeout(this.nudged);
    this.timer = null;
    this.nudged = null;
  }

  async run(): Promise<EditSyncReport | null> {
    try {
      const report = await this.options.sync.syncOnce();
      if (report.recorded > 0 || report.adopted > 0 || report.skipped.length > 0 || report.lists.some((l) => l.resynced)) this.options.log(describeEditSync(report));
      return report;
    } catch (error) {
      this.options.log(`sharepoint edits: the round failed and is tried again in ${this.options.everyMinutes} minutes (${error instanceof Error ? error.name : 'error'}: ${error instanceof Error ? error.message.slice(0, 200) : ''})`);
      return null;
    }
  }
}
