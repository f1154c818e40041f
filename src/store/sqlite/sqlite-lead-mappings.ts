import type { LeadMapping, LeadTarget } from '../../plan/lead-mapping.js';
import { checkLeadMappings } from '../lead-mapping-checks.js';
import type { LeadMappingStore } from '../lead-mapping-store.js';
import type { StatementCache } from './statement-cache.js';

export interface LeadMappingRow {
  plan_id: string;
  lead: string;
  written_as: string;
  status: string;
  target: string | null;
  candidates: string;
  updated_at: string;
  confirmed_by: string | null;
}

function toLeadMapping(row: LeadMappingRow): LeadMapping {
  return {
    lead: row.lead,
    writtenAs: row.written_as,
    status: row.status as LeadMapping['status'],
    target: row.target === null ? null : (JSON.parse(row.target) as LeadTarget),
    candidates: JSON.parse(row.candidates) as LeadTarget[],
    updatedAt: row.updated_at,
    confirmedBy: row.confirmed_by,
  };
}

/** Who each lead of a plan is, in the lead_mappings table; a plan's mappings go with it. */
export class SqliteLeadMappings implements LeadMappingStore {
  constructor(
    private readonly sql: StatementCache,
    /** Throws plan_not_found for a plan the store does not hold. */
    private readonly requirePlan: (planId: string) => void,
  ) {}

  async listLeadMappings(planId: string): Promise<LeadMapping[]> {
    this.requirePlan(planId);
    return (this.sql.get('SELECT * FROM lead_mappings WHERE plan_id = ? ORDER BY lead').all(planId) as LeadMappingRow[]).map(toLeadMapping);
  }

  /** Writes one mapping as stored (an import in place keeps a plan's mappings this way). */
  insertLeadMapping(row: LeadMappingRow): void {
    this.sql.get(
      `INSERT INTO lead_mappings (plan_id, lead, written_as, status, target, candidates, updated_at, confirmed_by)
       VALUES (@plan_id, @lead, @written_as, @status, @target, @candidates, @updated_at, @confirmed_by)
       ON CONFLICT(plan_id, lead) DO UPDATE SET written_as = excluded.written_as, status = excluded.status, target = excluded.target,
         candidates = excluded.candidates, updated_at = excluded.updated_at, confirmed_by = excluded.confirmed_by`,
    ).run(row);
  }

  async saveLeadMappings(planId: string, mappings: readonly LeadMapping[]): Promise<void> {
    checkLeadMappings(mappings);
    this.sql.db.transaction(() => {
      this.requirePlan(planId);
      for (const m of mappings) {
        this.insertLeadMapping({
          plan_id: planId,
          lead: m.lead,
          written_as: m.writtenAs,
          status: m.status,
          target: m.target === null ? null : JSON.stringify(m.target),
          candidates: JSON.stringify(m.candidates),
          updated_at: m.updatedAt,
          confirmed_by: m.confirmedBy,
        });
      }
    }).immediate();
  }
}
