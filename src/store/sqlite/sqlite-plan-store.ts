import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { dueDateOf, type ActionFilter } from '../../plan/action-filter.js';
import { isClosed } from '../../plan/action-closed.js';
import { compareReduced, endOfPeriod } from '../../plan/calendar-date.js';
import { PlanError, staleVersionError } from '../../plan/errors.js';
import { isLaterUpdate } from '../../plan/latest-update.js';
import { matchForm } from '../../plan/lead.js';
import type {
  VersionRecordEntry,
  ActionDraft,
  Action,
  ActionChange,
  ActionView,
  ActionWithUpdates,
  Plan,
  PlanDocument,
  PlanDraft,
  PlanSettings,
  PlanSummary,
  Section,
} from '../../plan/plan.js';
import { RAG_VALUES, type Rag } from '../../plan/rag.js';
import type { Timescale } from '../../plan/timescale.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import { describeChange, type PlanRevision } from '../../plan/plan-revision.js';
import type { RevisionMeta } from '../revision-store.js';
import { revisionKey } from '../revision-keys.js';
import { importedUpdateKey } from '../imported-update-key.js';
import type { ChangeAtVersion, ImportOptions, PlanStore } from '../plan-store.js';
import { keyReusedError, type KeyedAction } from '../key-reused-error.js';
import { checkDraft } from '../plan-draft-check.js';
import { checkActionChange, checkNewUpdate, checkPlanSettings } from '../write-checks.js';
import { migrate } from './migrations.js';
import { openDatabase } from './open-database.js';
import { SqliteConversationReferences } from './sqlite-conversation-references.js';
import { SqliteLeadMappings, type LeadMappingRow } from './sqlite-lead-mappings.js';
import { SqliteReminderLog } from './sqlite-reminder-log.js';
import { StatementCache } from './statement-cache.js';
import { DelegatedConcerns } from '../delegated-concerns.js';

interface PlanRow {
  id: string;
  title: string;
  description: string;
  owner: string | null;
  rag_legend: string;
  version_record: string;
  source: string | null;
  unplaced_text: string;
  reminder_lead_days: number;
  stale_after_days: number;
  time_zone: string;
}

interface SectionRow {
  id: string;
  plan_id: string;
  number: string | null;
  label: string | null;
  title: string;
  description: string;
  ord: number;
}

interface ActionRow {
  id: string;
  plan_id: string;
  section_id: string;
  ref: string;
  parent_ref: string | null;
  ord: number;
  title: string;
  text: string;
  outcome: string;
  leads: string;
  leads_text: string;
  timescale: string;
  rag: string;
  rag_note: string | null;
  sources: string;
  markers: string;
  duplicate_of: string | null;
  last_updated: string | null;
  latest_update_id: string | null;
  update_count: number;
  version: number;
}

interface UpdateRow {
  id: string;
  action_id: string;
  sequence: number;
  date: string | null;
  date_source: string;
  author: string | null;
  author_id: string | null;
  text: string;
  origin: string;
  rag_after: string | null;
  timescale_after: string | null;
  key: string;
  recorded_at: string;
}

type ActionViewRow = ActionRow & { [K in keyof UpdateRow as `u_${K}`]: UpdateRow[K] | null };

const ACTION_COLUMNS = ['id', 'plan_id', 'section_id', 'ref', 'parent_ref', 'ord', 'title', 'text', 'outcome', 'leads', 'leads_text', 'timescale', 'rag', 'rag_note', 'sources', 'markers', 'duplicate_of', 'last_updated', 'latest_update_id', 'update_count', 'version'] as const;

const ACTION_SELECT = ACTION_COLUMNS.join(', ');

const UPDATE_COLUMNS = ['id', 'action_id', 'sequence', 'date', 'date_source', 'author', 'author_id', 'text', 'origin', 'rag_after', 'timescale_after', 'key', 'recorded_at'] as const;

/** A readable, stable plan id from its title: "gloucestershire-multi-agency-child-sexual". */
export function slugFor(title: string): string {
  const words = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    if (slug && slug.length + word.length + 1 > 40) break;
    slug = slug ? `${slug}-${word}` : word;
  }
  return slug || 'plan';
}

function laterDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareReduced(a, b) >= 0 ? a : b;
}

function searchText(parts: readonly string[]): string {
  return parts.join('\n').toLowerCase();
}

function toUpdate(row: UpdateRow): Update {
  return {
    id: row.id,
    actionId: row.action_id,
    sequence: row.sequence,
    date: row.date,
    dateSource: row.date_source as Update['dateSource'],
    author: row.author,
    authorId: row.author_id,
    text: row.text,
    origin: row.origin as Update['origin'],
    ragAfter: row.rag_after as Rag | null,
    timescaleAfter: row.timescale_after,
    key: row.key,
    recordedAt: row.recorded_at,
  };
}

function toAction(row: ActionRow): Action {
  return {
    id: row.id,
    planId: row.plan_id,
    sectionId: row.section_id,
    ref: row.ref,
    parentRef: row.parent_ref,
    order: row.ord,
    title: row.title,
    text: row.text,
    outcome: row.outcome,
    leads: JSON.parse(row.leads) as Action['leads'],
    leadsText: row.leads_text,
    timescale: JSON.parse(row.timescale) as Timescale,
    rag: row.rag as Rag,
    ragNote: row.rag_note,
    sources: JSON.parse(row.sources) as string[],
    markers: JSON.parse(row.markers) as string[],
    duplicateOf: row.duplicate_of,
    lastUpdated: row.last_updated,
    version: String(row.version),
  };
}

function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner: row.owner,
    ragLegend: JSON.parse(row.rag_legend) as Plan['ragLegend'],
    versionRecord: JSON.parse(row.version_record) as Plan['versionRecord'],
    source: row.source === null ? null : (JSON.parse(row.source) as Plan['source']),
    unplacedText: JSON.parse(row.unplaced_text) as string[],
    reminderLeadDays: row.reminder_lead_days,
    staleAfterDays: row.stale_after_days,
    timeZone: row.time_zone,
  };
}

function toSection(row: SectionRow): Section {
  return { id: row.id, planId: row.plan_id, number: row.number, label: row.label, title: row.title, description: row.description, order: row.ord };
}

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
  }

  private stmt(sql: string): Database.Statement {
    return this.sql.get(sql);
  }

  private uniquePlanId(title: string): string {
    const base = slugFor(title);
    const taken = new Set((this.stmt('SELECT id FROM plans WHERE id = ? OR id LIKE ?').all(base, `${base}-%`) as { id: string }[]).map((r) => r.id));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  async importPlan(draft: PlanDraft, options: ImportOptions = {}): Promise<Plan> {
    checkDraft(draft);
    const insertPlan = this.stmt(
      `INSERT INTO plans (id, title, description, owner, rag_legend, version_record, source, unplaced_text, reminder_lead_days, stale_after_days, time_zone)
       VALUES (@id, @title, @description, @owner, @rag_legend, @version_record, @source, @unplaced_text, @reminder_lead_days, @stale_after_days, @time_zone)`,
    );
    const insertSection = this.stmt('INSERT INTO sections (id, plan_id, number, label, title, description, ord) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const run = this.db.transaction((): string => {
      // Leads are names, the same people in the new version: their mappings outlive the replaced rows.
      let keptMappings: LeadMappingRow[] = [];
      if (options.replacePlanId !== undefined) {
        const existing = this.stmt('SELECT id FROM plans WHERE id = ?').get(options.replacePlanId);
        if (!existing) throw new PlanError('plan_not_found', `no plan with id "${options.replacePlanId}" to replace`);
        keptMappings = this.stmt('SELECT * FROM lead_mappings WHERE plan_id = ?').all(options.replacePlanId) as LeadMappingRow[];
        this.stmt('DELETE FROM action_leads WHERE plan_id = ?').run(options.replacePlanId);
        this.stmt('DELETE FROM plans WHERE id = ?').run(options.replacePlanId);
      }
      const planId = options.replacePlanId ?? this.uniquePlanId(draft.title);
      const recordedAt = draft.source?.importedAt || new Date().toISOString();
      insertPlan.run({
        id: planId,
        title: draft.title,
        description: draft.description,
        owner: draft.owner,
        rag_legend: JSON.stringify(draft.ragLegend),
        version_record: JSON.stringify(draft.versionRecord),
        source: draft.source === null ? null : JSON.stringify(draft.source),
        unplaced_text: JSON.stringify(draft.unplacedText),
        reminder_lead_days: draft.reminderLeadDays,
        stale_after_days: draft.staleAfterDays,
        time_zone: draft.timeZone,
      });
      for (const row of keptMappings) this.leadMappings.insertLeadMapping(row);
      const sectionIds = draft.sections.map((section, i) => {
        const id = `${planId}/s${i + 1}`;
        insertSection.run(id, planId, section.number, section.label ?? null, section.title, section.description, i);
        return id;
      });
      const total = draft.actions.length;
      const every = Math.max(1, Math.min(100, Math.floor(total / 100)));
      draft.actions.forEach((a, ord) => {
        this.insertActionDraft(planId, `${planId}:${a.ref}`, sectionIds[a.sectionIndex]!, a, ord, recordedAt);
        if (options.onProgress && ((ord + 1) % every === 0 || ord + 1 === total)) options.onProgress(ord + 1, total);
      });
      return planId;
    });
    // Immediate: the id is chosen from what is read, so no other writer may slip in between.
    const planId = run.immediate();
    if (options.replacePlanId !== undefined) this.forgetViews(planId);
    const plan = await this.getPlan(planId);
    if (!plan) throw new PlanError('store_failure', `plan ${planId} was not found after import`);
    return plan;
  }

  /**
   * Inserts an action read from a document, with its update history, inside the caller's
   * transaction.
   */
  private insertActionDraft(planId: string, actionId: string, sectionId: string, a: ActionDraft, ord: number, recordedAt: string): void {
    const insertAction = this.stmt(
      `INSERT INTO actions (id, plan_id, section_id, ref, parent_ref, ord, title, text, outcome, leads, leads_text, timescale, due_date, closed, rag, rag_note,
        sources, markers, duplicate_of, last_updated, last_updated_end, latest_update_id, update_count, version, stamp, search)
       VALUES (@id, @plan_id, @section_id, @ref, @parent_ref, @ord, @title, @text, @outcome, @leads, @leads_text, @timescale, @due_date, @closed, @rag, @rag_note,
        @sources, @markers, @duplicate_of, @last_updated, @last_updated_end, @latest_update_id, @update_count, 1, @stamp, @search)`,
    );
    const insertLead = this.stmt('INSERT INTO action_leads (action_id, plan_id, name, role, name_key, role_key) VALUES (?, ?, ?, ?, ?, ?)');
    const insertUpdate = this.stmt(`INSERT INTO updates (${UPDATE_COLUMNS.join(', ')}) VALUES (${UPDATE_COLUMNS.map((c) => `@${c}`).join(', ')})`);

    const updateIds = a.updates.map(() => randomUUID());
    let latest: { id: string; date: string | null; sequence: number } | null = null;
    let lastUpdated: string | null = null;
    a.updates.forEach((entry, sequence) => {
      const candidate = { id: updateIds[sequence]!, date: entry.date, sequence };
      if (latest === null || isLaterUpdate(candidate, latest)) latest = candidate;
      lastUpdated = laterDate(lastUpdated, entry.date);
    });
    const found = latest as { id: string } | null;
    insertAction.run({
      id: actionId,
      plan_id: planId,
      section_id: sectionId,
      ref: a.ref,
      parent_ref: a.parentRef,
      ord,
      title: a.title,
      text: a.text,
      outcome: a.outcome,
      leads: JSON.stringify(a.leads),
      leads_text: a.leadsText,
      timescale: JSON.stringify(a.timescale),
      due_date: dueDateOf(a.timescale),
      closed: isClosed(a) ? 1 : 0,
      rag: a.rag,
      rag_note: a.ragNote,
      sources: JSON.stringify(a.sources),
      markers: JSON.stringify(a.markers),
      duplicate_of: a.duplicateOf,
      last_updated: lastUpdated,
      last_updated_end: lastUpdated === null ? null : endOfPeriod(lastUpdated),
      latest_update_id: found?.id ?? null,
      update_count: a.updates.length,
      stamp: randomUUID(),
      search: searchText([a.ref, a.title, a.text, a.outcome, a.leadsText, a.timescale.asWritten, ...a.sources, ...a.updates.map((u) => u.text)]),
    });
    for (const lead of a.leads) insertLead.run(actionId, planId, lead.name, lead.role, matchForm(lead.name), matchForm(lead.role ?? ''));
    a.updates.forEach((entry, sequence) => {
      insertUpdate.run({
        id: updateIds[sequence],
        action_id: actionId,
        sequence,
        date: entry.date,
        date_source: entry.dateSource,
        author: entry.author,
        author_id: null,
        text: entry.text,
        origin: 'import',
        rag_after: null,
        timescale_after: null,
        key: importedUpdateKey(),
        recorded_at: recordedAt,
      });
    });
  }

  /**
   * A newer version of the plan's document reconciled into it, all or nothing: sections and actions
   * the document adds are inserted in its order, matched actions take its fields (each change also
   * appended to their history with who, when and was/now), its new updates are appended once (keys
   * from their content, so the same file twice changes nothing), removed actions stay where they were.
   */
  async applyRevision(revision: PlanRevision, incoming: PlanDraft, meta: RevisionMeta): Promise<Plan> {
    checkDraft(incoming);
    const planId = revision.planId;
    const run = this.db.transaction((): void => {
      const plan = this.stmt('SELECT version_record, rag_legend FROM plans WHERE id = ?').get(planId) as { version_record: string; rag_legend: string } | undefined;
      if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}" to bring the new version into`);
      const existingSections = this.stmt('SELECT id FROM sections WHERE plan_id = ? ORDER BY ord').all(planId) as { id: string }[];
      const sectionIds = revision.sections.map((section) => {
        if (section.sectionId !== null) return section.sectionId;
        const id = this.freeId('sections', `${planId}/s`, existingSections.length + 1);
        this.stmt('INSERT INTO sections (id, plan_id, number, label, title, description, ord) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, planId, section.number, section.label, section.title, section.description, 0);
        return id;
      });
      // The document's order first; sections it no longer has keep theirs after it.
      const order = [...new Set([...sectionIds, ...existingSections.map((s) => s.id)])];
      order.forEach((id, ord) => this.stmt('UPDATE sections SET ord = ? WHERE id = ?').run(ord, id));

      const removed = new Set(revision.removed.map((r) => r.actionId));
      // Refs move between actions (3.2 becomes 3.1): free every ref being changed first, so none collides on the way.
      for (const m of revision.matched) this.stmt('UPDATE actions SET ref = ? WHERE id = ?').run(`\u0000${m.actionId}`, m.actionId);
      for (const r of revision.removed) {
        if (r.newRef === null) continue;
        this.stmt('UPDATE actions SET ref = ?, version = version + 1, stamp = ? WHERE id = ?').run(r.newRef, randomUUID(), r.actionId);
        const change = { field: 'ref' as const, was: r.ref, now: r.newRef };
        this.appendUpdateNow(r.actionId, {
          date: meta.recordedOn,
          dateSource: 'recorded',
          author: meta.author,
          authorId: null,
          text: `${describeChange(change, meta.source)}: no longer in the document, whose ${r.ref} is another action`,
          origin: 'import',
          ragAfter: null,
          timescaleAfter: null,
          key: revisionKey(r.actionId, change.field, change.was, change.now),
          recordedAt: meta.recordedAt,
        });
      }
      for (const m of revision.matched) {
        const a = m.incoming;
        const row = this.actionRow(m.actionId);
        if (!row) throw new PlanError('action_not_found', `action ${m.ref} is no longer in the plan; read the plan again and retry`);
        const changed = m.changes.length > 0;
        this.stmt(
          `UPDATE actions SET section_id = ?, ord = ?, ref = ?, parent_ref = ?, title = ?, text = ?, outcome = ?, leads = ?, leads_text = ?, timescale = ?, due_date = ?, closed = ?,
            rag = ?, rag_note = ?, sources = ?, markers = ?, version = version + ?, stamp = ?, search = ? WHERE id = ?`,
        ).run(
          sectionIds[a.sectionIndex], m.position, a.ref, a.parentRef, a.title, a.text, a.outcome, JSON.stringify(a.leads), a.leadsText, JSON.stringify(a.timescale),
          dueDateOf(a.timescale), isClosed(a) ? 1 : 0, a.rag, a.ragNote, JSON.stringify(a.sources), JSON.stringify(a.markers), changed ? 1 : 0, randomUUID(),
          searchText([a.ref, a.title, a.text, a.outcome, a.leadsText, a.timescale.asWritten, ...a.sources, ...(this.stmt('SELECT text FROM updates WHERE action_id = ?').all(m.actionId) as { text: string }[]).map((u) => u.text)]),
          m.actionId,
        );
        if (m.changes.some((c) => c.field === 'leads')) {
          this.stmt('DELETE FROM action_leads WHERE action_id = ?').run(m.actionId);
          for (const lead of a.leads) this.stmt('INSERT INTO action_leads (action_id, plan_id, name, role, name_key, role_key) VALUES (?, ?, ?, ?, ?, ?)').run(m.actionId, planId, lead.name, lead.role, matchForm(lead.name), matchForm(lead.role ?? ''));
        }
        for (const change of m.changes) {
          this.appendUpdateNow(m.actionId, {
            date: meta.recordedOn,
            dateSource: 'recorded',
            author: meta.author,
            authorId: null,
            text: describeChange(change, meta.source),
            origin: 'import',
            ragAfter: change.field === 'rag' ? a.rag : null,
            timescaleAfter: change.field === 'timescale' ? a.timescale.asWritten : null,
            key: revisionKey(m.actionId, change.field, change.was, change.now),
            recordedAt: meta.recordedAt,
          });
        }
        for (const entry of m.newUpdates) {
          this.appendUpdateNow(m.actionId, {
            ...entry,
            authorId: null,
            origin: 'import',
            ragAfter: null,
            timescaleAfter: null,
            key: revisionKey(m.actionId, entry.date ?? '', entry.text),
            recordedAt: meta.recordedAt,
          });
        }
      }
      for (const { incoming: a, position } of revision.added) {
        const id = this.freeId('actions', `${planId}:${a.ref}`, 1);
        this.insertActionDraft(planId, id, sectionIds[a.sectionIndex]!, a, position, meta.recordedAt);
      }
      // Actions the document no longer has keep their place after its own.
      let ord = incoming.actions.length;
      for (const r of this.stmt('SELECT id FROM actions WHERE plan_id = ? ORDER BY ord').all(planId) as { id: string }[]) {
        if (removed.has(r.id)) this.stmt('UPDATE actions SET ord = ? WHERE id = ?').run(ord++, r.id);
      }
      const versionRecord = [...(JSON.parse(plan.version_record) as VersionRecordEntry[]), ...revision.versionRecordAdded];
      const legend = incoming.ragLegend.length > 0 ? JSON.stringify(incoming.ragLegend) : plan.rag_legend;
      this.stmt('UPDATE plans SET version_record = ?, rag_legend = ? WHERE id = ?').run(JSON.stringify(versionRecord), legend, planId);
    });
    run.immediate();
    this.forgetViews(planId);
    const plan = await this.getPlan(planId);
    if (!plan) throw new PlanError('store_failure', `plan ${planId} was not found after the new version was applied`);
    return plan;
  }

  /** `${base}` when no row has it, else `${base}#2`, `#3` ...; sections number on from `first`. */
  private freeId(table: 'sections' | 'actions', base: string, first: number): string {
    const taken = (id: string): boolean => this.stmt(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
    if (table === 'sections') {
      for (let n = first; ; n += 1) if (!taken(`${base}${n}`)) return `${base}${n}`;
    }
    if (!taken(base)) return base;
    for (let n = 2; ; n += 1) if (!taken(`${base}#${n}`)) return `${base}#${n}`;
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

  async updatePlanSettings(planId: string, settings: Partial<PlanSettings> & { owner?: string | null }): Promise<Plan> {
    const current = await this.getPlan(planId);
    if (!current) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    checkPlanSettings(settings);
    const next = { ...current, ...settings };
    this.stmt('UPDATE plans SET reminder_lead_days = ?, stale_after_days = ?, time_zone = ?, owner = ? WHERE id = ?').run(
      next.reminderLeadDays,
      next.staleAfterDays,
      next.timeZone,
      next.owner,
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
    const byAction = new Map<string, Update[]>();
    for (const u of updates) byAction.set(u.actionId, [...(byAction.get(u.actionId) ?? []), u]);
    return {
      plan,
      sections: await this.listSections(planId),
      actions: actions.map((a) => ({ ...a, updates: byAction.get(a.id) ?? [] })),
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

  private actionRow(actionId: string): ActionRow | undefined {
    return this.stmt(`SELECT ${ACTION_SELECT} FROM actions WHERE id = ?`).get(actionId) as ActionRow | undefined;
  }

  private withUpdates(row: ActionRow): ActionWithUpdates {
    const updates = (this.stmt('SELECT * FROM updates WHERE action_id = ? ORDER BY sequence').all(row.id) as UpdateRow[]).map(toUpdate);
    return { ...toAction(row), updates };
  }

  async getAction(actionId: string): Promise<ActionWithUpdates | null> {
    const row = this.actionRow(actionId);
    return row ? this.withUpdates(row) : null;
  }

  async getActionByRef(planId: string, ref: string): Promise<ActionWithUpdates | null> {
    const row = this.stmt(`SELECT ${ACTION_SELECT} FROM actions WHERE plan_id = ? AND ref = ?`).get(planId, ref) as ActionRow | undefined;
    return row ? this.withUpdates(row) : null;
  }

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
    const existing = this.stmt('SELECT * FROM updates WHERE key = ?').get(key) as UpdateRow | undefined;
    if (!existing) return null;
    if (existing.action_id !== actionId) {
      const refOf = (id: string): KeyedAction => {
        const row = this.stmt('SELECT plan_id, ref FROM actions WHERE id = ?').get(id) as { plan_id: string; ref: string } | undefined;
        if (!row) throw new PlanError('action_not_found', `no action with id ${id}`);
        return { planId: row.plan_id, ref: row.ref };
      };
      throw keyReusedError(key, refOf(existing.action_id), refOf(actionId));
    }
    return toUpdate(existing);
  }

  /** Appends an update inside the caller's transaction; the same key twice records it once. */
  private appendUpdateNow(actionId: string, update: NewUpdate): { update: Update; created: boolean } {
    const recorded = this.recordedUpdate(actionId, update.key);
    if (recorded) return { update: recorded, created: false };
    const row = this.actionRow(actionId);
    if (!row) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const { next } = this.stmt('SELECT COALESCE(MAX(sequence) + 1, 0) AS next FROM updates WHERE action_id = ?').get(actionId) as { next: number };
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
    this.stmt(`INSERT INTO updates (${UPDATE_COLUMNS.join(', ')}) VALUES (${UPDATE_COLUMNS.map((c) => `@${c}`).join(', ')})`).run({
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
    const latest = row.latest_update_id ? (this.stmt('SELECT date, sequence FROM updates WHERE id = ?').get(row.latest_update_id) as { date: string | null; sequence: number }) : null;
    const latestId = latest === null || isLaterUpdate(stored, latest) ? stored.id : row.latest_update_id;
    const lastUpdated = laterDate(row.last_updated, stored.date);
    this.stmt(
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
    const row = this.actionRow(actionId);
    if (!row) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    if (String(row.version) !== expectedVersion) {
      throw staleVersionError(this.withUpdates(row), expectedVersion);
    }
    const day = change.changedAt.slice(0, 10);
    const lastUpdated = laterDate(row.last_updated, day);
    const timescale = change.timescale ?? (JSON.parse(row.timescale) as Timescale);
    const rag = change.rag ?? (row.rag as Rag);
    this.stmt(
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
    return toAction(this.actionRow(actionId)!);
  }

  async close(): Promise<void> {
    this.sql.clear();
    this.views.clear();
    this.db.close();
  }
}
