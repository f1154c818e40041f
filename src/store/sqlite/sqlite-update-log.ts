import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { dueDateOf } from '../../plan/action-filter.js';
import { isClosed } from '../../plan/action-closed.js';
import { endOfPeriod } from '../../plan/calendar-date.js';
import { PlanError, staleVersionError } from '../../plan/errors.js';
import { isLaterUpdate } from '../../plan/latest-update.js';
import type { Action, ActionChange } from '../../plan/plan.js';
import type { Rag } from '../../plan/rag.js';
import type { Timescale } from '../../plan/timescale.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import { keyReusedError, type KeyedAction } from '../key-reused-error.js';
import type { ChangeAtVersion, UpdateLog } from '../update-log.js';
import { checkActionChange, checkNewUpdate } from '../write-checks.js';
import { actionRow, laterDate, toAction, toUpdate, UPDATE_COLUMNS, withUpdates, type UpdateRow } from './sqlite-rows.js';
import type { StatementCache } from './statement-cache.js';

/**
 * Each action's history in the updates table, and the change to RAG or timescale an update may
 * make at a version (changeAction is that change alone): both in one transaction, so a failure
 * leaves neither. Every write renews the action's stamp, which retires its cached view.
 */
export class SqliteUpdateLog implements UpdateLog {
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
    if (existing.action_id !== actionId) {
      const refOf = (id: string): KeyedAction => {
        const row = this.sql.get('SELECT plan_id, ref FROM actions WHERE id = ?').get(id) as { plan_id: string; ref: string } | undefined;
        if (!row) throw new PlanError('action_not_found', `no action with id ${id}`);
        return { planId: row.plan_id, ref: row.ref };
      };
      throw keyReusedError(key, refOf(existing.action_id), refOf(actionId));
    }
    return toUpdate(existing);
  }

  /** Appends an update inside the caller's transaction; the same key twice records it once. */
  appendUpdateNow(actionId: string, update: NewUpdate): { update: Update; created: boolean } {
    const recorded = this.recordedUpdate(actionId, update.key);
    if (recorded) return { update: recorded, created: false };
    const row = actionRow(this.sql, actionId);
    if (!row) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const { next } = this.sql.get('SELECT COALESCE(MAX(sequence) + 1, 0) AS next FROM updates WHERE action_id = ?').get(actionId) as { next: number };
    const stored: Update = {
      id: randomUUID(),
      actionId,
      sequence: next,
      date: update.date,
      dateSource: update.dateSource,
      author: update.author,
      authorId: update.authorId,
      text: update.text,
      origin: update.origin,
      ragAfter: update.ragAfter,
      timescaleAfter: update.timescaleAfter,
      key: update.key,
      recordedAt: update.recordedAt,
    };
    this.sql.get(`INSERT INTO updates (${UPDATE_COLUMNS.join(', ')}) VALUES (${UPDATE_COLUMNS.map((c) => `@${c}`).join(', ')})`).run({
      id: stored.id,
      action_id: actionId,
      sequence: next,
      date: stored.date,
      date_source: stored.dateSource,
      author: stored.author,
      author_id: stored.authorId,
      text: stored.text,
      origin: stored.origin,
      rag_after: stored.ragAfter,
      timescale_after: stored.timescaleAfter,
      key: stored.key,
      recorded_at: stored.recordedAt,
    });
    const latest = row.latest_update_id ? (this.sql.get('SELECT date, sequence FROM updates WHERE id = ?').get(row.latest_update_id) as { date: string | null; sequence: number }) : null;
    const latestId = latest === null || isLaterUpdate(stored, latest) ? stored.id : row.latest_update_id;
    const lastUpdated = laterDate(row.last_updated, stored.date);
    this.sql.get(
      'UPDATE actions SET latest_update_id = ?, update_count = update_count + 1, last_updated = ?, last_updated_end = ?, search = search || ?, stamp = ? WHERE id = ?',
    ).run(latestId, lastUpdated, lastUpdated === null ? null : endOfPeriod(lastUpdated), `\n${stored.text.toLowerCase()}`, randomUUID(), actionId);
    return { update: stored, created: true };
  }

  async changeAction(actionId: string, expectedVersion: string, change: ActionChange): Promise<Action> {
    checkActionChange(change);
    return this.db.transaction((): Action => this.changeActionNow(actionId, expectedVersion, change)).immediate();
  }

  /** Changes RAG or timescale inside the caller's transaction, if the action is still at expectedVersion. */
  private changeActionNow(actionId: string, expectedVersion: string, change: ActionChange): Action {
    const row = actionRow(this.sql, actionId);
    if (!row) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    if (String(row.version) !== expectedVersion) {
      throw staleVersionError(withUpdates(this.sql, row), expectedVersion);
    }
    const day = change.changedAt.slice(0, 10);
    const lastUpdated = laterDate(row.last_updated, day);
    const timescale = change.timescale ?? (JSON.parse(row.timescale) as Timescale);
    const rag = change.rag ?? (row.rag as Rag);
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
    return toAction(actionRow(this.sql, actionId)!);
  }

}
