import { HttpError } from '../../graph/http-error.js';
import { PlanError } from '../../plan/errors.js';
import type { LeadMapping } from '../../plan/lead-mapping.js';
import { checkLeadMappings } from '../lead-mapping-checks.js';
import type { LeadMappingStore } from '../lead-mapping-store.js';
import { leadMappingsFields, readLeadMappings, text } from './item-codec.js';
import { isItemId, type ListItem, type SiteLists } from './site-lists.js';

const LEAD_MAPPING_SELECT = ['ImportState', 'LeadMappingsJson'];

/** A plan's lead mappings, in its item's hidden LeadMappingsJson column: one PATCH writes them whole. */
export class ListLeadMappings implements LeadMappingStore {
  constructor(private readonly lists: SiteLists) {}

  /** The plan item (for its eTag) and its mappings; plan_not_found for a plan not there or still importing. */
  async mappingsOf(planId: string): Promise<{ item: ListItem; mappings: LeadMapping[] }> {
    let item: ListItem | null = null;
    if (isItemId(planId)) {
      try {
        item = await this.lists.get('plans', planId, LEAD_MAPPING_SELECT);
      } catch (error) {
        // A site provisioned before lead mappings existed: provisioning adds the column.
        if (error instanceof HttpError && error.status === 400 && error.serverMessage.includes('LeadMappingsJson')) {
          throw new PlanError('store_failure', 'the Plans list has no LeadMappingsJson column yet: run "plan provision --site ..." again to add it', { cause: error });
        }
        throw error;
      }
    }
    if (!item || text(item.fields, 'ImportState') !== 'ready') throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    return { item, mappings: readLeadMappings(item) };
  }

  async listLeadMappings(planId: string): Promise<LeadMapping[]> {
    const { mappings } = await this.mappingsOf(planId);
    return mappings.sort((a, b) => (a.lead < b.lead ? -1 : a.lead > b.lead ? 1 : 0));
  }

  /**
   * One PATCH of the plan item, with If-Match: SharePoint has no transactions, but a single item
   * update is whole. Two owners saving at once: the second gets 412, reads again and applies its
   * mappings over the first's.
   */
  async saveLeadMappings(planId: string, mappings: readonly LeadMapping[]): Promise<void> {
    checkLeadMappings(mappings);
    for (let attempt = 1; ; attempt += 1) {
      const { item, mappings: stored } = await this.mappingsOf(planId);
      const byLead = new Map(stored.map((m) => [m.lead, m]));
      for (const m of mappings) byLead.set(m.lead, m);
      const merged = [...byLead.values()].sort((a, b) => (a.lead < b.lead ? -1 : a.lead > b.lead ? 1 : 0));
      try {
        await this.lists.patch('plans', planId, leadMappingsFields(merged), item.eTag);
        return;
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) throw new PlanError('plan_not_found', `plan ${planId} was deleted`);
        if (!(error instanceof HttpError && error.status === 412) || attempt >= 3) throw error;
      }
    }
  }
}
