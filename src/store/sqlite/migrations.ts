import type Database from 'better-sqlite3';
import { PlanError } from '../../plan/errors.js';
import { updateSinceDay } from '../../plan/changes-since.js';
import type { Update } from '../../plan/update.js';

/**
 * Schema migrations, applied in order inside one transaction when a store opens. The schema mirrors
 * the SharePoint lists (DESIGN.md): plans, actions, updates, reminders, plus sections and a lead table
 * so the lead filter is an indexed join. Structured values SQL never filters on are JSON columns.
 */
type Migration = string | ((db: Database.Database) => void);

const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    owner TEXT,
    rag_legend TEXT NOT NULL,
    version_record TEXT NOT NULL,
    source TEXT,
    unplaced_text TEXT NOT NULL,
    reminder_lead_days INTEGER NOT NULL,
    stale_after_days INTEGER NOT NULL,
    time_zone TEXT NOT NULL
  );
  CREATE TABLE sections (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    number TEXT,
    label TEXT,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    ord INTEGER NOT NULL
  );
  CREATE INDEX sections_plan ON sections(plan_id, ord);
  CREATE TABLE actions (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    ref TEXT NOT NULL,
    parent_ref TEXT,
    ord INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    outcome TEXT NOT NULL,
    leads TEXT NOT NULL,
    leads_text TEXT NOT NULL,
    timescale TEXT NOT NULL,
    due_date TEXT,
    closed INTEGER NOT NULL,
    rag TEXT NOT NULL,
    rag_note TEXT,
    sources TEXT NOT NULL,
    markers TEXT NOT NULL,
    duplicate_of TEXT,
    last_updated TEXT,
    last_updated_end TEXT,
    latest_update_id TEXT,
    update_count INTEGER NOT NULL,
    version INTEGER NOT NULL,
    stamp TEXT NOT NULL,
    search TEXT NOT NULL,
    UNIQUE (plan_id, ref)
  );
  CREATE INDEX actions_plan_order ON actions(plan_id, ord);
  CREATE INDEX actions_plan_rag ON actions(plan_id, rag);
  CREATE INDEX actions_plan_due ON actions(plan_id, due_date);
  CREATE INDEX actions_plan_changed ON actions(plan_id, last_updated_end);
  CREATE INDEX actions_section ON actions(section_id);
  CREATE TABLE action_leads (
    action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    plan_id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    name_key TEXT NOT NULL,
    role_key TEXT NOT NULL
  );
  CREATE INDEX action_leads_action ON action_leads(action_id);
  CREATE TABLE updates (
    id TEXT PRIMARY KEY,
    action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL,
    date TEXT,
    date_source TEXT NOT NULL,
    author TEXT,
    author_id TEXT,
    text TEXT NOT NULL,
    origin TEXT NOT NULL,
    rag_after TEXT,
    timescale_after TEXT,
    key TEXT NOT NULL UNIQUE,
    recorded_at TEXT NOT NULL
  );
  CREATE INDEX updates_action ON updates(action_id, sequence);
  CREATE TABLE reminders (
    key TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL,
    action_id TEXT NOT NULL,
    lead TEXT NOT NULL,
    lead_user_id TEXT,
    reason TEXT NOT NULL,
    period TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    status TEXT NOT NULL,
    sent_at TEXT,
    answered_at TEXT,
    attempts INTEGER NOT NULL,
    last_error TEXT
  );
  CREATE INDEX reminders_plan ON reminders(plan_id, status);
  CREATE INDEX reminders_action ON reminders(action_id);
  CREATE TABLE conversation_references (
    user_id TEXT PRIMARY KEY,
    user_name TEXT,
    tenant_id TEXT,
    conversation_id TEXT NOT NULL,
    service_url TEXT NOT NULL,
    reference TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // 2: who each lead is in Entra ID, one row per plan and lead key; goes with its plan.
  `
  CREATE TABLE lead_mappings (
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    lead TEXT NOT NULL,
    written_as TEXT NOT NULL,
    status TEXT NOT NULL,
    target TEXT,
    candidates TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    confirmed_by TEXT,
    PRIMARY KEY (plan_id, lead)
  );
  `,
  // 3: people who uninstalled the bot; their reference is kept, marked, so reminders list them as unreachable.
  // A table of its own (IF NOT EXISTS), not a column, so that re-running it over a newer file is harmless.
  `
  CREATE TABLE IF NOT EXISTS conversation_uninstalls (
    user_id TEXT PRIMARY KEY REFERENCES conversation_references(user_id) ON DELETE CASCADE,
    uninstalled_at TEXT NOT NULL
  );
  `,
  // 4: closed is the domain's isClosed (action-closed.ts), so a Complete RAG closes too, not only the timescale.
  `
  UPDATE actions SET closed = 1 WHERE rag = 'Complete';
  `,
  // 5: the plan's record (issue 15): each action's history of changes and requests beside its
  // updates; the plan's meetings and whether completion needs the owner; each update's reported
  // period's last day, so "since the last meeting" is an indexed range (endOfPeriod, computed here
  // for updates already stored, since SQL cannot end a quarter or a term).
  (db) => {
    db.exec(`
      CREATE TABLE history (
        id TEXT PRIMARY KEY,
        action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
        plan_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        kind TEXT NOT NULL,
        changes TEXT NOT NULL,
        note TEXT,
        author TEXT,
        author_id TEXT,
        origin TEXT NOT NULL,
        date TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE
      );
      CREATE INDEX history_action ON history(action_id, sequence);
      CREATE INDEX history_plan_date ON history(plan_id, date);
      ALTER TABLE plans ADD COLUMN meetings TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE plans ADD COLUMN owner_approves INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE updates ADD COLUMN plan_id TEXT;
      ALTER TABLE updates ADD COLUMN since_day TEXT;
      UPDATE updates SET plan_id = (SELECT plan_id FROM actions WHERE actions.id = updates.action_id);
      CREATE INDEX updates_plan_since ON updates(plan_id, since_day);
    `);
    const rows = db.prepare('SELECT id, date, recorded_at, origin FROM updates').all() as { id: string; date: string | null; recorded_at: string; origin: Update['origin'] }[];
    const set = db.prepare('UPDATE updates SET since_day = ? WHERE id = ?');
    for (const row of rows) set.run(updateSinceDay({ date: row.date, recordedAt: row.recorded_at, origin: row.origin }), row.id);
  },
  // 6: the plan table's columns as the document headed them, for the export (issue 17); null for a plan imported before.
  `
  ALTER TABLE plans ADD COLUMN table_columns TEXT;
  `,
  // 7: the channel the bot posts the plan's digest to, and when (issue 17); null for a plan without one.
  `
  ALTER TABLE plans ADD COLUMN channel_digest TEXT;
  `,
  // 8: how a plan's leads are told a reminder is due (issue 18): the card, as before, unless the plan says the activity feed.
  `
  ALTER TABLE plans ADD COLUMN lead_notice TEXT NOT NULL DEFAULT 'card';
  `,
  // 9: how each reminder was sent (issue 18); every one sent before went as a card.
  `
  ALTER TABLE reminders ADD COLUMN via TEXT;
  UPDATE reminders SET via = 'card' WHERE sent_at IS NOT NULL;
  `,
  // 10: what the bot remembers between a conversation's turns, kept here so that any server answers the next one (issue 18).
  `
  CREATE TABLE chat_state (
    conversation_key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file up to this program's schema. The version is read again inside an immediate
 * transaction, so a CLI and a server opening a new file at once migrate it once, not twice.
 */
export function migrate(db: Database.Database, file: string): void {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  const refuseNewer = (current: number): void => {
    if (current > SCHEMA_VERSION) {
      throw new PlanError('store_failure', `${file} has schema version ${current}, newer than this program's ${SCHEMA_VERSION}: upgrade the program before opening it`);
    }
  };
  refuseNewer(version());
  if (version() === SCHEMA_VERSION) return;
  db.transaction(() => {
    const current = version();
    refuseNewer(current);
    for (let v = current; v < SCHEMA_VERSION; v += 1) {
      const migration = MIGRATIONS[v]!;
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
