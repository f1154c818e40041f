import type { LeadMapping } from '../plan/lead-mapping.js';

/** Who each lead of a plan is in Entra ID, as the plan owner confirmed or the directory suggested. */
export interface LeadMappingStore {
  /** Who each lead of the plan is in Entra ID, by lead key; throws plan_not_found for an unknown plan. */
  listLeadMappings(planId: string): Promise<LeadMapping[]>;
  /**
   * Upserts mappings by lead key, all or nothing: a mapping of a key already stored replaces it,
   * others are added, and mappings not named are left as they are. deletePlan removes them all.
   */
  saveLeadMappings(planId: string, mappings: readonly LeadMapping[]): Promise<void>;
}
