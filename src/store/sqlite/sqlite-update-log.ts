import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { dueDateOf } from '../../plan/action-filter.js';
import { isClosed } from '../../plan/action-closed.js';
import { entryOfChange, type HistoryEntry, type NewHistoryEntry } from '../../plan/action-history.js';
import { endOfPeriod, type DateOnly } from '../../plan/calendar-date.js';
import type { ChangeMaterial } from '../../plan/changes-since.js';
import { PlanError, staleVersionError } from '../../plan/errors.js';
import { isLaterUpdate } from '../../plan/latest-update.js';
import type { Action, ActionChange } from '../../plan/plan.js';
import type { Rag } from '../../plan/rag.js';
import type { Timescale } from '../../plan/timescale.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import { keyReusedError, type KeyedAction } from '../key-reused-error.js';
import type { ChangeAtVersion, UpdateLog } from '../update-log.js';
import { checkActionChange, checkNewHistoryEntry, checkNewUpdate } from '../write-checks.js';
import {
  actionRow,
  historyValues,
  INSERT_HISTORY,
  INSERT_UPDATE,
  laterDate,
  toAction,
  toHistoryEntry,
  toUpdate,
  UPDATE_COLUMNS,
  updateValues,
  withUpdates,
  type HistoryRow,
  type UpdateRow,
} from './sqlite-rows.js';
import type { StatementCache } from './statement-cache.js';

/**
 * Each action's history in the updates table, and the change to RAG or timescale an update may
 * make at a version (changeAction is that change alone): both in one transaction, so a failure
 * leaves neither. Every write renews the action's stamp, which retires its cached view.
 */
export class SqliteUpdateLog implements UpdateLog {
  private readonly changesRead = new Map<string, { mark: string; material: ChangeMaterial }>();

  constructor(
    private readonly db: Database.Database,
    private readonly sql: StatementCache,
  ) {}

  async appendUpdate(actionId: string, update: NewUpdate, change?: ChangeAtVersion): Promise<{ update: Update; created: boolean }> {
    checkNewUpdate(update);
    if (change) checkActionChange(change.change);
    return this.db
      .transaction(() => {
        if (change) {
          // The key first: a recorded submission changes nothing, whatever version it carries.
          const recorded = this.recordedUpdate(actionId, update.key);
          if (recorded) return { update: recorded, created: false };
          this.changeActionNow(actionId, change.expectedVersion, change.change);
        }
        return this.appendUpdateNow(actionId, update);
      })
      .immediate();
  }

  /** The update recorded under a key, if it is this action's; a key recorded on another action is refused. */
  private recordedUpdate(actionId: string, key: string): Update | null {
    const existing = this.sql.get('SELECT * FROM updates WHERE key = ?').get(key) as UpdateRow | undefined;
    if (!existing) return null;
    if (existing.action_id !== actionId) throw keyReusedError(key, this.keyedAction(existing.action_id), this.keyedAction(actionId));
    return toUpdate(existing);
  }

  private keyedAction(id: string): KeyedAction {
    const row = this.sql.get('SELECT plan_id, ref FROM actions WHERE id = ?').get(id) as { plan_id: string; ref: string } | undefined;
    if (!row) throw new PlanError('action_not_found', `no action with id ${id}`);
    return { planId: row.plan_id, ref: row.ref };
  }

  /** Appends an update inside the caller's transaction; the same key twice records it once. */
  appendUpdateNow(actionId: string, update: NewUpdate): { update: Update; created: boolean } {
    const recorded = this.recordedUpdate(actionId, update.key);
    if (recorded) return { update: recorded, created: false };
    const row = actionRow(this.sql, actionId);
    if (!row) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const { next } = this.sql.get('SELECT COALESCE(MAX(sequence) + 1, 0) AS next FROM updates WHERE action_id = ?').get(actionId) as { next: number };
    const stored: Update = { ...update, id: randomUUID(), actionId, sequence: next };
    this.sql.get(INSERT_UPDATE).run(updateValues(stored, row.plan_id));
    const latest = row.latest_update_id ? (this.sql.get('SELECT date, sequence FROM updates WHERE id = ?').get(row.latest_update_id) as { date: string | null; sequence: number }) : null;
    const latestId = latest === null || isLaterUpdate(stored, latest) ? stored.id : row.latest_update_id;
    const lastUpdated = laterDate(row.last_updated, stored.date);
    this.sql.get(
      'UPDATE actions SET latest_update_id = ?, update_count = update_count + 1, last_updated = ?, last_updated_end = ?, search = search || ?, stamp = ? WHERE id = ?',
    ).run(latestId, lastUpdated, lastUpdated === null ? null : endOfPeriod(lastUpdated), `\n${stored.text.toLowerCase()}`, randomUUID(), actionId);
    return { update: stored, created: true };
  }

  async appendHistory(actionId: string, entry: NewHistoryEntry): Promise<{ entry: HistoryEntry; created: boolean }> {
    checkNewHistoryEntry(entry);
    return this.db.transaction(() => this.appendHistoryNow(actionId, entry)).immediate();
  }

  /** The history entry recorded under a key, if it is this action's; a key recorded on another action is refused. */
  private recordedEntry(actionId: string, key: string): HistoryEntry | null {
    const existing = this.sql.get('SELECT * FROM history WHERE key = ?').get(key) as HistoryRow | undefined;
    if (!existing) return null;
    if (existing.action_id !== actionId) throw keyReusedError(key, this.keyedAction(existing.action_id), this.keyedAction(actionId));
    return toHistoryEntry(existing);
  }

  /** Appends a history entry inside the caller's transaction; the same key twice records it once. */
  appendHistoryNow(actionId: string, entry: NewHistoryEntry): { entry: HistoryEntry; created: boolean } {
    const recorded = this.recordedEntry(actionId, entry.key);
    if (recorded) return { entry: recorded, created: false };
    const row = actionRow(this.sql, actionId);
    if (!row) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const { next } = this.sql.get('SELECT COALESCE(MAX(sequence) + 1, 0) AS next FROM history WHERE action_id = ?').get(actionId) as { next: number };
    const stored: HistoryEntry = { ...entry, id: randomUUID(), actionId, sequence: next };
    this.sql.get(INSERT_HISTORY).run(historyValues(stored, row.plan_id));
    // The action's own view shows its history: a new stamp retires the cached one.
    this.sql.get('UPDATE actions SET stamp = ? WHERE id = ?').run(randomUUID(), actionId);
    return { entry: stored, created: true };
  }

  /**
   * What changed since a day, kept while nothing in the file changes: in a meeting the stage and
   * every side panel ask for the same changes again and again. Any write by this connection moves
   * total_changes(), any by another (the CLI, a second server) moves PRAGMA data_version.
   */
  async readChanges(planId: string, since: DateOnly, today: DateOnly): Promise<ChangeMaterial> {
    const key = `${planId}\u0000${since}\u0000${today}`;
    const mark = this.writeMark();
    const kept = this.changesRead.get(key);
    if (kept && kept.mark === mark) return kept.material;
    const material = this.readChangesNow(planId, since, today);
    if (this.changesRead.size >= 16) this.changesRead.delete(this.changesRead.keys().next().value!);
    this.changesRead.set(key, { mark, material });
    return material;
  }

  private writeMark(): string {
    const { t } = this.sql.get('SELECT total_changes() AS t').get() as { t: number };
    return `${t}:${this.db.pragma('data_version', { simple: true }) as number}`;
  }

  private readChangesNow(planId: string, since: DateOnly, today: DateOnly): ChangeMaterial {
    if (!this.sql.get('SELECT 1 FROM plans WHERE id = ?').get(planId)) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const updates = (this.sql.get(`SELECT ${UPDATE_COLUMNS.join(', ')} FROM updates WHERE plan_id = ? AND since_day >= ?`).all(planId, since) as UpdateRow[]).map(toUpdate);
    const history = (this.sql.get('SELECT * FROM history WHERE plan_id = ? AND date >= ?').all(planId, since) as HistoryRow[]).map(toHistoryEntry);
    // The actions those name, by key, and those falling due in the span; only the columns changesSince reads.
    const touched = JSON.stringify([...new Set([...updates.map((u) => u.actionId), ...history.map((h) => h.actionId)])]);
    const actions = (
      this.sql
        .get(
          `SELECT id, ref, title, ord, rag, timescale FROM actions
           WHERE id IN (SELECT value FROM json_each(@touched)) OR (plan_id = @planId AND closed = 0 AND due_date >= @since AND due_date < @today)`,
        )
        .all({ touched, planId, since, today }) as { id: string; ref: string; title: string; ord: number; rag: Rag; timescale: string }[]
    ).map((r) => ({ id: r.id, ref: r.ref, title: r.title, order: r.ord, rag: r.rag, timescale: JSON.parse(r.timescale) as Timescale }));
    return { actions, updates, history };
  }

  async changeAction(actionId: string, expectedVersion: string, change: ActionChange): Promise<Action> {
    checkActionChange(change);
    return this.db.transaction((): Action => this.changeActionNow(actionId, expectedVersion, change)).immediate();
  }

  /**
   * Changes RAG or timescale inside the caller's transaction, if the action is still at
   * expectedVersion, with the history entry that records it. A change whose record key is already
   * in the history was made: the action is returned as it is, whatever version comes with it.
   */
  private changeActionNow(actionId: string, expectedVersion: string, change: ActionChange): Action {
    const row = actionRow(this.sql, actionId);
    if (!row) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    if (this.recordedEntry(actionId, change.record.key)) return toAction(row);
    if (String(row.version) !== expectedVersion) {
      throw staleVersionError(withUpdates(this.sql, row), expectedVersion);
    }
    const before = toAction(row);
    const day = change.changedAt.slice(0, 10);
    const lastUpdated = laterDate(row.last_updated, day);
    const timescale = change.timescale ?? before.timescale;
    const rag = change.rag ?? before.rag;
    this.sql.get(
      `UPDATE actions SET rag = ?, timescale = ?, due_date = ?, closed = ?, version = version + 1, last_updated = ?, last_updated_end = ?, stamp = ? WHERE id = ? AND version = ?`,
    ).run(
      rag,
      JSON.stringify(timescale),
      dueDateOf(timescale),
      isClosed({ rag, timescale }) ? 1 : 0,
      lastUpdated,
      lastUpdated === null ? null : endOfPeriod(lastUpdated),
      randomUUID(),
      actionId,
      row.version,
    );
    const entry = entryOfChange(before, { ...before, rag, timescale }, change.record, change.changedAt);
    if (entry) this.appendHistoryNow(actionId, entry);
    return toAction(actionRow(this.sql, actionId)!);
  }
}
