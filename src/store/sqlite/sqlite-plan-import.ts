import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { dueDateOf } from '../../plan/action-filter.js';
import { isClosed } from '../../plan/action-closed.js';
import { endOfPeriod } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import { isLaterUpdate } from '../../plan/latest-update.js';
import { matchForm } from '../../plan/lead.js';
import type { ActionDraft, PlanDraft, VersionRecordEntry } from '../../plan/plan.js';
import type { PlanRevision } from '../../plan/plan-revision.js';
import { entryOfChange } from '../../plan/action-history.js';
import { importedUpdateKey } from '../imported-update-key.js';
import { checkDraft } from '../plan-draft-check.js';
import type { ImportOptions } from '../plans-and-actions.js';
import { revisionKey } from '../revision-keys.js';
import { revisionRecord, type RevisionMeta } from '../revision-store.js';
import type { SqliteLeadMappings, LeadMappingRow } from './sqlite-lead-mappings.js';
import { actionRow, INSERT_UPDATE, laterDate, searchText, toAction, updateValues } from './sqlite-rows.js';
import type { SqliteUpdateLog } from './sqlite-update-log.js';
import type { StatementCache } from './statement-cache.js';

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

/**
 * Writing a document into the plans: a whole plan imported (or imported again in place), and the
 * next version of its document reconciled into it, each in one immediate transaction. The store
 * forgets its cached views of the plan after either.
 */
export class SqlitePlanImport {
  constructor(
    private readonly db: Database.Database,
    private readonly sql: StatementCache,
    private readonly leadMappings: SqliteLeadMappings,
    private readonly updateLog: SqliteUpdateLog,
  ) {}

  private uniquePlanId(title: string): string {
    const base = slugFor(title);
    const taken = new Set((this.sql.get('SELECT id FROM plans WHERE id = ? OR id LIKE ?').all(base, `${base}-%`) as { id: string }[]).map((r) => r.id));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** Stores a whole plan in one transaction, or replaces one in place; returns its id. */
  importPlan(draft: PlanDraft, options: ImportOptions): string {
    checkDraft(draft);
    const insertPlan = this.sql.get(
      `INSERT INTO plans (id, title, description, owner, rag_legend, version_record, source, unplaced_text, reminder_lead_days, stale_after_days, time_zone, meetings, owner_approves, lead_notice, table_columns)
       VALUES (@id, @title, @description, @owner, @rag_legend, @version_record, @source, @unplaced_text, @reminder_lead_days, @stale_after_days, @time_zone, @meetings, @owner_approves, @lead_notice, @table_columns)`,
    );
    const insertSection = this.sql.get('INSERT INTO sections (id, plan_id, number, label, title, description, ord) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const run = this.db.transaction((): string => {
      // Leads are names, the same people in the new version: their mappings outlive the replaced rows.
      let keptMappings: LeadMappingRow[] = [];
      if (options.replacePlanId !== undefined) {
        const existing = this.sql.get('SELECT id FROM plans WHERE id = ?').get(options.replacePlanId);
        if (!existing) throw new PlanError('plan_not_found', `no plan with id "${options.replacePlanId}" to replace`);
        keptMappings = this.sql.get('SELECT * FROM lead_mappings WHERE plan_id = ?').all(options.replacePlanId) as LeadMappingRow[];
        this.sql.get('DELETE FROM action_leads WHERE plan_id = ?').run(options.replacePlanId);
        this.sql.get('DELETE FROM plans WHERE id = ?').run(options.replacePlanId);
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
        meetings: JSON.stringify(draft.meetings),
        owner_approves: draft.ownerApproves ? 1 : 0,
        lead_notice: draft.leadNotice,
        table_columns: draft.columns === undefined ? null : JSON.stringify(draft.columns),
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
    return run.immediate();
  }

  /**
   * Inserts an action read from a document, with its update history, inside the caller's
   * transaction.
   */
  private insertActionDraft(planId: string, actionId: string, sectionId: string, a: ActionDraft, ord: number, recordedAt: string): void {
    const insertAction = this.sql.get(
      `INSERT INTO actions (id, plan_id, section_id, ref, parent_ref, ord, title, text, outcome, leads, leads_text, timescale, due_date, closed, rag, rag_note,
        sources, markers, duplicate_of, last_updated, last_updated_end, latest_update_id, update_count, version, stamp, search)
       VALUES (@id, @plan_id, @section_id, @ref, @parent_ref, @ord, @title, @text, @outcome, @leads, @leads_text, @timescale, @due_date, @closed, @rag, @rag_note,
        @sources, @markers, @duplicate_of, @last_updated, @last_updated_end, @latest_update_id, @update_count, 1, @stamp, @search)`,
    );
    const insertLead = this.sql.get('INSERT INTO action_leads (action_id, plan_id, name, role, name_key, role_key) VALUES (?, ?, ?, ?, ?, ?)');
    const insertUpdate = this.sql.get(INSERT_UPDATE);

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
      insertUpdate.run(
        updateValues(
          { ...entry, id: updateIds[sequence]!, actionId, sequence, authorId: null, origin: 'import', ragAfter: null, timescaleAfter: null, key: importedUpdateKey(), recordedAt },
          planId,
        ),
      );
    });
  }

  /**
   * A newer version of the plan's document reconciled into it, all or nothing: sections and actions
   * the document adds are inserted in its order, matched actions take its fields (each change also
   * appended to their history with who, when and was/now), its new updates are appended once (keys
   * from their content, so the same file twice changes nothing), removed actions stay where they were.
   */
  applyRevision(revision: PlanRevision, incoming: PlanDraft, meta: RevisionMeta): void {
    checkDraft(incoming);
    const planId = revision.planId;
    const run = this.db.transaction((): void => {
      const plan = this.sql.get('SELECT version_record, rag_legend, table_columns FROM plans WHERE id = ?').get(planId) as { version_record: string; rag_legend: string; table_columns: string | null } | undefined;
      if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}" to bring the new version into`);
      const existingSections = this.sql.get('SELECT id FROM sections WHERE plan_id = ? ORDER BY ord').all(planId) as { id: string }[];
      const sectionIds = revision.sections.map((section) => {
        if (section.sectionId !== null) return section.sectionId;
        const id = this.freeId('sections', `${planId}/s`, existingSections.length + 1);
        this.sql.get('INSERT INTO sections (id, plan_id, number, label, title, description, ord) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, planId, section.number, section.label, section.title, section.description, 0);
        return id;
      });
      // The document's order first; sections it no longer has keep theirs after it.
      const order = [...new Set([...sectionIds, ...existingSections.map((s) => s.id)])];
      order.forEach((id, ord) => this.sql.get('UPDATE sections SET ord = ? WHERE id = ?').run(ord, id));

      const removed = new Set(revision.removed.map((r) => r.actionId));
      // Refs move between actions (3.2 becomes 3.1): free every ref being changed first, so none collides on the way.
      for (const m of revision.matched) this.sql.get('UPDATE actions SET ref = ? WHERE id = ?').run(`\u0000${m.actionId}`, m.actionId);
      for (const r of revision.removed) {
        if (r.newRef === null) continue;
        this.sql.get('UPDATE actions SET ref = ?, version = version + 1, stamp = ? WHERE id = ?').run(r.newRef, randomUUID(), r.actionId);
        this.updateLog.appendHistoryNow(r.actionId, {
          ...revisionRecord(meta, revisionKey(r.actionId, 'ref', r.ref, r.newRef)),
          changes: [{ field: 'ref', was: r.ref, now: r.newRef }],
          note: `${meta.source}: no longer in the document, whose ${r.ref} is another action`,
          recordedAt: meta.recordedAt,
        });
      }
      for (const m of revision.matched) {
        const a = m.incoming;
        const row = actionRow(this.sql, m.actionId);
        if (!row) throw new PlanError('action_not_found', `action ${m.ref} is no longer in the plan; read the plan again and retry`);
        const changed = m.changes.length > 0;
        this.sql.get(
          `UPDATE actions SET section_id = ?, ord = ?, ref = ?, parent_ref = ?, title = ?, text = ?, outcome = ?, leads = ?, leads_text = ?, timescale = ?, due_date = ?, closed = ?,
            rag = ?, rag_note = ?, sources = ?, markers = ?, version = version + ?, stamp = ?, search = ? WHERE id = ?`,
        ).run(
          sectionIds[a.sectionIndex], m.position, a.ref, a.parentRef, a.title, a.text, a.outcome, JSON.stringify(a.leads), a.leadsText, JSON.stringify(a.timescale),
          dueDateOf(a.timescale), isClosed(a) ? 1 : 0, a.rag, a.ragNote, JSON.stringify(a.sources), JSON.stringify(a.markers), changed ? 1 : 0, randomUUID(),
          searchText([a.ref, a.title, a.text, a.outcome, a.leadsText, a.timescale.asWritten, ...a.sources, ...(this.sql.get('SELECT text FROM updates WHERE action_id = ?').all(m.actionId) as { text: string }[]).map((u) => u.text)]),
          m.actionId,
        );
        if (m.changes.some((c) => c.field === 'leads')) {
          this.sql.get('DELETE FROM action_leads WHERE action_id = ?').run(m.actionId);
          for (const lead of a.leads) this.sql.get('INSERT INTO action_leads (action_id, plan_id, name, role, name_key, role_key) VALUES (?, ?, ?, ?, ?, ?)').run(m.actionId, planId, lead.name, lead.role, matchForm(lead.name), matchForm(lead.role ?? ''));
        }
        // The row's ref was freed for the renumbering above: the action's own is the revision's.
        const entry = entryOfChange({ ...toAction(row), ref: m.ref }, a, revisionRecord(meta, revisionKey(m.actionId, ...m.changes.flatMap((c) => [c.field, c.was, c.now]))), meta.recordedAt);
        if (entry) this.updateLog.appendHistoryNow(m.actionId, entry);
        for (const entry of m.newUpdates) {
          this.updateLog.appendUpdateNow(m.actionId, {
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
      for (const r of this.sql.get('SELECT id FROM actions WHERE plan_id = ? ORDER BY ord').all(planId) as { id: string }[]) {
        if (removed.has(r.id)) this.sql.get('UPDATE actions SET ord = ? WHERE id = ?').run(ord++, r.id);
      }
      const versionRecord = [...(JSON.parse(plan.version_record) as VersionRecordEntry[]), ...revision.versionRecordAdded];
      const legend = incoming.ragLegend.length > 0 ? JSON.stringify(incoming.ragLegend) : plan.rag_legend;
      const columns = incoming.columns === undefined ? plan.table_columns : JSON.stringify(incoming.columns);
      this.sql.get('UPDATE plans SET version_record = ?, rag_legend = ?, table_columns = ? WHERE id = ?').run(JSON.stringify(versionRecord), legend, columns, planId);
    });
    run.immediate();
  }

  /** `${base}` when no row has it, else `${base}#2`, `#3` ...; sections number on from `first`. */
  private freeId(table: 'sections' | 'actions', base: string, first: number): string {
    const taken = (id: string): boolean => this.sql.get(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
    if (table === 'sections') {
      for (let n = first; ; n += 1) if (!taken(`${base}${n}`)) return `${base}${n}`;
    }
    if (!taken(base)) return base;
    for (let n = 2; ; n += 1) if (!taken(`${base}#${n}`)) return `${base}#${n}`;
  }

}
