import { PlanError } from '../../plan/errors.js';
import type { ListKey } from './list-schema.js';

/**
 * SharePoint has no transactions: a failed import deletes the items it had created, and this error
 * says what failed, what was removed, and what could not be (by list and item id, never content).
 */
export interface ItemsByList {
  list: ListKey;
  ids: string[];
}

export class ImportRolledBackError extends PlanError {
  readonly created: ItemsByList[];
  readonly remaining: ItemsByList[];

  constructor(stage: string, cause: unknown, created: ItemsByList[], remaining: ItemsByList[]) {
    const count = (groups: ItemsByList[]): string =>
      groups
        .filter((g) => g.ids.length > 0)
        .map((g) => `${g.ids.length} ${g.list} item${g.ids.length === 1 ? '' : 's'}`)
        .join(', ') || 'nothing';
    const reason = cause instanceof Error ? cause.message : String(cause);
    const left = remaining.some((g) => g.ids.length > 0)
      ? `; could not remove ${remaining.map((g) => (g.ids.length ? `${g.list} items ${g.ids.join(', ')}` : '')).filter(Boolean).join('; ')}: delete them in SharePoint`
      : '; the site is as it was';
    super('store_failure', `import failed while ${stage}: ${reason}. Removed what it had created (${count(created)})${left}`, { cause });
    this.name = 'ImportRolledBackError';
    this.created = created;
    this.remaining = remaining;
  }
}
