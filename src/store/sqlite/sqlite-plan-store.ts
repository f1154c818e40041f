import Database from 'better-sqlite3';
import type { ActionFilter } from '../../plan/action-filter.js';
import { PlanError } from '../../plan/errors.js';
import { matchForm } from '../../plan/lead.js';
import type { HistoryEntry, NewHistoryEntry } from '../../plan/action-history.js';
import type { DateOnly } from '../../plan/calendar-date.js';
import type { ChangeMaterial } from '../../plan/changes-since.js';
import type { Action, ActionChange, ActionView, ActionWithUpdates, Plan, PlanDocument, PlanDraft, PlanSummary, Section } from '../../plan/plan.js';
import { RAG_VALUES, type Rag } from '../../plan/rag.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import type { PlanRevision } from '../../plan/plan-revision.js';
import type { RevisionMeta } from '../revision-store.js';
import type { ChangeAtVersion, ImportOptions, PlanStore } from '../plan-store.js';
import type { PlanHeaderChange } from '../plans-and-actions.js';
import { checkPlanSettings } from '../write-checks.js';
import { DelegatedConcerns } from '../delegated-concerns.js';
import { migrate } from './migrations.js';
import { openDatabase } from './open-database.js';
import { SqliteChatState } from './sqlite-chat-state.js';
import { SqliteConversationReferences } from './sqlite-conversation-references.js';
import { SqliteLeadMappings } from './sqlite-lead-mappings.js';
import { SqlitePlanImport } from './sqlite-plan-import.js';
import { SqliteReminderLog } from './sqlite-reminder-log.js';
import {
  ACTION_COLUMNS,
  ACTION_SELECT,
  actionRow,
  byActionId,
  toHistoryEntry,
  type HistoryRow,
  laterDate,
  toAction,
  toPlan,
  toSection,
  toUpdate,
  UPDATE_COLUMNS,
  withUpdates,
  type ActionRow,
  type ActionViewRow,
  type PlanRow,
  type SectionRow,
  type UpdateRow,
} from './sqlite-rows.js';
import { SqliteUpdateLog } from './sqlite-update-log.js';
import { StatementCache } from './statement-cache.js';

/** Views are shared from the cache: a caller that changed one would change every later answer. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The embedded store: one SQLite file (WAL, so the CLI and the server can share it). better-sqlite3
 * is synchronous; every method still returns a promise so callers treat it like the SharePoint store.
 *
 * Ids: a plan is a slug of its title ("pan-cheshire-child-sexual-exploitation", then "-2", "-3");
 * a section `${planId}/s${n}` in plan order from 1; an action `${planId}:${ref}`, so an action keeps
 * its id when its plan is imported again in place; an update a random UUID, and so is the key of an
 * update imported with its action (imported-update-key.ts).
 */
export class SqlitePlanStore extends DelegatedConcerns implements PlanStore {
  private readonly db: Database.Database;
  private readonly sql: StatementCache;
  protected readonly reminderLog: SqliteReminderLog;
  protected readonly leadMappings: SqliteLeadMappings;
  protected readonly conversations: SqliteConversationReferences;
  protected readonly chatState: SqliteChatState;
  private readonly updateLog: SqliteUpdateLog;
  private readonly imports: SqlitePlanImport;
  /** Parsed action views, reused while their stamp is unchanged: parsing JSON columns dominates a large query. */
  private readonly views = new Map<string, { stamp: string; view: ActionView }>();

  constructor(file: string) {
    super();
    this.db = openDatabase(file);
    migrate(this.db, file);
    this.sql = new StatementCache(this.db);
    this.reminderLog = new SqliteReminderLog(this.sql);
    this.leadMappings = new SqliteLeadMappings(this.sql, (planId) => this.requirePlan(planId));
    this.conversations = new SqliteConversationReferences(this.sql);
    this.chatState = new SqliteChatState(this.sql);
    this.updateLog = new SqliteUpdateLog(this.db, this.sql);
    this.imports = new SqlitePlanImport(this.db, this.sql, this.leadMappings, this.updateLog);
  }

  private stmt(sql: string): Database.Statement {
    return this.sql.get(sql);
  }

  async importPlan(draft: PlanDraft, options: ImportOptions = {}): Promise<Plan> {
    const planId = this.imports.importPlan(draft, options);
    if (options.replacePlanId !== undefined) this.forgetViews(planId);
    const plan = await this.getPlan(planId);
    if (!plan) throw new PlanError('store_failure', `plan ${planId} was not found after import`);
    return plan;
  }

  async applyRevision(revision: PlanRevision, incoming: PlanDraft, meta: RevisionMeta): Promise<Plan> {
    this.imports.applyRevision(revision, incoming, meta);
    const planId = revision.planId;
    this.forgetViews(planId);
    const plan = await this.getPlan(planId);
    if (!plan) throw new PlanError('store_failure', `plan ${planId} was not found after the new version was applied`);
    return plan;
  }

  async countPlans(): Promise<number> {
    return (this.stmt('SELECT COUNT(*) AS n FROM plans').get() as { n: number }).n;
  }

  async listPlans(): Promise<PlanSummary[]> {
    const plans = this.stmt(
      `SELECT p.id, p.title, (SELECT COUNT(*) FROM sections s WHERE s.plan_id = p.id) AS sections
       FROM plans p ORDER BY p.title, p.id`,
    ).all() as { id: string; title: string; sections: number }[];
    // Not MAX(last_updated): as text a quarter '2018-33' or a term '2018-T1' (January to March) sorts after '2018-12'.
    const latest = new Map<string, string | null>();
    for (const row of this.stmt('SELECT DISTINCT plan_id, last_updated FROM actions WHERE last_updated IS NOT NULL').all() as { plan_id: string; last_updated: string }[]) {
      latest.set(row.plan_id, laterDate(latest.get(row.plan_id) ?? null, row.last_updated));
    }
    const rags = this.stmt('SELECT plan_id, rag, COUNT(*) AS n FROM actions GROUP BY plan_id, rag').all() as { plan_id: string; rag: Rag; n: number }[];
    return plans.map((p) => {
      const ragCounts = Object.fromEntries(RAG_VALUES.map((r) => [r, 0])) as Record<Rag, number>;
      let actionCount = 0;
      for (const r of rags) {
        if (r.plan_id !== p.id) continue;
        ragCounts[r.rag] += r.n;
        actionCount += r.n;
      }
      return { id: p.id, title: p.title, sectionCount: p.sections, actionCount, ragCounts, lastUpdated: latest.get(p.id) ?? null };
    });
  }

  async getPlan(planId: string): Promise<Plan | null> {
    const row = this.stmt('SELECT * FROM plans WHERE id = ?').get(planId) as PlanRow | undefined;
    return row ? toPlan(row) : null;
  }

  private requirePlan(planId: string): void {
    if (!this.stmt('SELECT 1 FROM plans WHERE id = ?').get(planId)) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
  }

  async updatePlanSettings(planId: string, settings: PlanHeaderChange): Promise<Plan> {
    const current = await this.getPlan(planId);
    if (!current) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    checkPlanSettings(settings);
    const { channelDigest, ...rest } = { ...current, ...settings };
    const next: Plan = { ...rest, ...(channelDigest && { channelDigest }) };
    this.stmt('UPDATE plans SET reminder_lead_days = ?, stale_after_days = ?, time_zone = ?, owner_approves = ?, lead_notice = ?, owner = ?, meetings = ?, channel_digest = ? WHERE id = ?').run(
      next.reminderLeadDays,
      next.staleAfterDays,
      next.timeZone,
      next.ownerApproves ? 1 : 0,
      next.leadNotice,
      next.owner,
      JSON.stringify(next.meetings),
      channelDigest ? JSON.stringify(channelDigest) : null,
      planId,
    );
    return next;
  }

  async deletePlan(planId: string): Promise<void> {
    this.requirePlan(planId);
    this.db.transaction(() => {
      this.stmt('DELETE FROM action_leads WHERE plan_id = ?').run(planId);
      this.stmt('DELETE FROM reminders WHERE plan_id = ?').run(planId);
      this.stmt('DELETE FROM plans WHERE id = ?').run(planId);
    }).immediate();
    this.forgetViews(planId);
  }

  private forgetViews(planId: string): void {
    for (const [id, cached] of this.views) if (cached.view.planId === planId) this.views.delete(id);
  }

  async listSections(planId: string): Promise<Section[]> {
    return (this.stmt('SELECT * FROM sections WHERE plan_id = ? ORDER BY ord').all(planId) as SectionRow[]).map(toSection);
  }

  async exportPlan(planId: string): Promise<PlanDocument | null> {
    const plan = await this.getPlan(planId);
    if (!plan) return null;
    const actions = (this.stmt(`SELECT ${ACTION_SELECT} FROM actions WHERE plan_id = ? ORDER BY ord`).all(planId) as ActionRow[]).map(toAction);
    const updates = (this.stmt('SELECT u.* FROM updates u JOIN actions a ON a.id = u.action_id WHERE a.plan_id = ? ORDER BY u.action_id, u.sequence').all(planId) as UpdateRow[]).map(toUpdate);
    const updatesOf = byActionId(updates);
    const historyOf = byActionId((this.stmt('SELECT * FROM history WHERE plan_id = ? ORDER BY action_id, sequence').all(planId) as HistoryRow[]).map(toHistoryEntry));
    return {
      plan,
      sections: await this.listSections(planId),
      actions: actions.map((a) => ({ ...a, updates: updatesOf.get(a.id) ?? [], history: historyOf.get(a.id) ?? [] })),
    };
  }

  async findActions(planId: string, filter: ActionFilter = {}): Promise<ActionView[]> {
    this.requirePlan(planId);
    const where: string[] = ['a.plan_id = @planId'];
    const params: Record<string, string | number> = { planId };
    if (filter.lead !== undefined) {
      // Same rule as the domain's leadMatches: the query starts at a word of the name or role, or equals it without spaces.
      const q = matchForm(filter.lead);
      where.push(
        "EXISTS (SELECT 1 FROM action_leads l WHERE l.action_id = a.id AND (instr(' ' || l.name_key, @leadWord) > 0 OR instr(' ' || l.role_key, @leadWord) > 0 OR replace(l.name_key, ' ', '') = @leadJoined OR (l.role_key != '' AND replace(l.role_key, ' ', '') = @leadJoined)))",
      );
      params.leadWord = ` ${q}`;
      params.leadJoined = q.replace(/ /g, '');
    }
    if (filter.section !== undefined) {
      where.push('a.section_id IN (SELECT id FROM sections WHERE plan_id = @planId AND (id = @section OR number = @section))');
      params.section = filter.section;
    }
    if (filter.rag !== undefined && filter.rag.length > 0) {
      where.push(`a.rag IN (${filter.rag.map((_, i) => `@rag${i}`).join(', ')})`);
      filter.rag.forEach((r, i) => (params[`rag${i}`] = r));
    }
    if (filter.overdue) {
      if (filter.today === undefined) throw new PlanError('invalid_input', 'the overdue filter needs today');
      // closed is the domain's isClosed, stored with each write of RAG or timescale.
      where.push('a.due_date < @today AND a.closed = 0');
      params.today = filter.today;
    }
    if (filter.dueBefore !== undefined) {
      where.push('a.due_date <= @dueBefore');
      params.dueBefore = filter.dueBefore;
    }
    if (filter.changedSince !== undefined) {
      // A month-only update ("Jan 18") may fall after the date: it counts, so a meeting misses nothing.
      where.push('a.last_updated_end >= @changedSince');
      params.changedSince = filter.changedSince;
    }
    if (filter.text !== undefined && filter.text.trim() !== '') {
      where.push("a.search LIKE @text ESCAPE '\\'");
      params.text = `%${filter.text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const sql = `SELECT a.id, a.stamp FROM actions a WHERE ${where.join(' AND ')} ORDER BY a.ord`;
    const hits = this.stmt(sql).all(params) as { id: string; stamp: string }[];
    const missing = hits.filter((h) => this.views.get(h.id)?.stamp !== h.stamp).map((h) => h.id);
    if (missing.length > 0) this.loadViews(missing);
    return hits.map((h) => this.views.get(h.id)!.view);
  }

  /** Reads actions with their latest update into the view cache, keyed by the stamp every change renews. */
  private loadViews(ids: readonly string[]): void {
    const updateColumns = UPDATE_COLUMNS.map((c) => `u.${c} AS u_${c}`).join(', ');
    const columns = ACTION_COLUMNS.map((c) => `a.${c}`).join(', ');
    const sql = `SELECT ${columns}, a.stamp, ${updateColumns} FROM actions a LEFT JOIN updates u ON u.id = a.latest_update_id WHERE a.id IN (SELECT value FROM json_each(?))`;
    const rows = this.stmt(sql).all(JSON.stringify(ids)) as (ActionViewRow & { stamp: string })[];
    for (const row of rows) {
      const view: ActionView = {
        ...toAction(row),
        updateCount: row.update_count,
        latestUpdate: row.u_id === null ? null : toUpdate(Object.fromEntries(UPDATE_COLUMNS.map((c) => [c, row[`u_${c}`]])) as unknown as UpdateRow),
      };
      this.views.set(row.id, { stamp: row.stamp, view: deepFreeze(view) });
    }
  }

  async getAction(actionId: string): Promise<ActionWithUpdates | null> {
    const row = actionRow(this.sql, actionId);
    return row ? withUpdates(this.sql, row) : null;
  }

  async getActionByRef(planId: string, ref: string): Promise<ActionWithUpdates | null> {
    const row = this.stmt(`SELECT ${ACTION_SELECT} FROM actions WHERE plan_id = ? AND ref = ?`).get(planId, ref) as ActionRow | undefined;
    return row ? withUpdates(this.sql, row) : null;
  }

  appendUpdate(actionId: string, update: NewUpdate, change?: ChangeAtVersion): Promise<{ update: Update; created: boolean }> {
    return this.updateLog.appendUpdate(actionId, update, change);
  }

  changeAction(actionId: string, expectedVersion: string, change: ActionChange): Promise<Action> {
    return this.updateLog.changeAction(actionId, expectedVersion, change);
  }

  appendHistory(actionId: string, entry: NewHistoryEntry): Promise<{ entry: HistoryEntry; created: boolean }> {
    return this.updateLog.appendHistory(actionId, entry);
  }

  readChanges(planId: string, since: DateOnly, today: DateOnly): Promise<ChangeMaterial> {
    return this.updateLog.readChanges(planId, since, today);
  }

  async close(): Promise<void> {
    this.sql.clear();
    this.views.clear();
    this.db.close();
  }
}
