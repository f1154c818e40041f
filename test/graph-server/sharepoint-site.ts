import { randomUUID } from 'node:crypto';
import { SHAREPOINT_APP_USER_ID, SYSTEM_ACCOUNT_USER_ID, type SiteUserList } from './site-user-list.js';
import { ServiceError } from './service-error.js';

/**
 * The in-memory SharePoint site behind the local Graph server: lists with typed columns, items
 * with eTags, and views. Behaviour follows the Graph pages for list, columnDefinition and listItem
 * (api-reference/v1.0/api/list-create, resources/columndefinition, api/listitem-create,
 * api/listitem-update) and the documented observations in ../shared/PLATFORM-LIMITS.md.
 */

export type ColumnType = 'text' | 'number' | 'dateTime' | 'choice' | 'lookup' | 'personOrGroup' | 'boolean';
const COLUMN_TYPES: readonly ColumnType[] = ['text', 'number', 'dateTime', 'choice', 'lookup', 'personOrGroup', 'boolean'];

export interface ColumnModel {
  id: string;
  name: string;
  displayName: string;
  type: ColumnType;
  indexed: boolean;
  enforceUniqueValues: boolean;
  hidden: boolean;
  required: boolean;
  readOnly: boolean;
  /** The type facet as sent ({ allowMultipleLines, maxLength }, { choices }, { listId }...). */
  facet: Record<string, unknown>;
  description: string;
}

/**
 * Who wrote to the site, as SharePoint records it on an item (Created By, Modified By): a person
 * (kept in the site's User Information List, so Author and Editor point at their site user id), an
 * application writing app-only, which SharePoint records as its "SharePoint App" account with the
 * application beside it (identitySet: application and user), or the site's System Account.
 */
export type Actor =
  | { kind: 'user'; id: string; displayName: string; email: string; siteUserId: number }
  | { kind: 'application'; id: string; displayName: string }
  | { kind: 'system' };

/** Who is writing, before the site resolves them: a person by their Entra object id and name. */
export type Writer =
  | { kind: 'user'; id: string; displayName: string; email?: string }
  | { kind: 'application'; id: string; displayName: string }
  | { kind: 'system' };

/** Writes made without saying who (seeding, tests reaching into the site): SharePoint's own account. */
export const SYSTEM_WRITER: Writer = { kind: 'system' };

export interface ItemModel {
  id: number;
  guid: string;
  version: number;
  fields: Record<string, unknown>;
  created: string;
  modified: string;
  createdBy: Actor;
  modifiedBy: Actor;
  /** The change number of the item's last write (the site's change log). */
  change: number;
}

/** A deleted item as the change log remembers it, for delta's { deleted: { state: 'deleted' } }. */
export interface RemovedItem {
  id: number;
  change: number;
  at: string;
  by: Actor;
}

/** One entry of the site's change log: an item created, updated or deleted, by whom, when. */
export interface ItemChange {
  change: number;
  list: ListModel;
  itemId: number;
  kind: 'created' | 'updated' | 'deleted';
  by: Actor;
  at: string;
}

export interface ViewModel {
  id: string;
  title: string;
  viewQuery: string;
  personalView: boolean;
  rowLimit: number;
  viewFields: string[];
}

export interface ListModel {
  id: string;
  name: string;
  displayName: string;
  description: string;
  template: string;
  hidden: boolean;
  columns: ColumnModel[];
  items: Map<number, ItemModel>;
  /** Items deleted from the list, kept by the change log (delta reports them as deleted). */
  removed: Map<number, RemovedItem>;
  nextItemId: number;
  views: ViewModel[];
  created: string;
}

/** "A list can hold up to 30 million items"; a list view is limited to 5,000 (PLATFORM-LIMITS.md). */
export const LIST_VIEW_THRESHOLD = 5000;

/** SharePoint listItem eTags look like "\"{guid},{version}\"": the quotes are part of the value. */
export function eTagOf(item: ItemModel): string {
  return `"${item.guid},${item.version}"`;
}

function builtInColumns(): ColumnModel[] {
  const base = { indexed: false, enforceUniqueValues: false, hidden: false, required: false, description: '' };
  return [
    { ...base, id: 'fa564e0f-0c70-4ab9-b863-0177e6ddd247', name: 'Title', displayName: 'Title', type: 'text', readOnly: false, facet: { maxLength: 255 } },
    { ...base, id: '1d22ea11-1e32-424e-89ab-9fedbadb6ce1', name: 'ID', displayName: 'ID', type: 'number', readOnly: true, indexed: true, facet: {} },
    { ...base, id: '28cf69c5-fa48-462a-b5cd-27b6f9d2bd5f', name: 'Modified', displayName: 'Modified', type: 'dateTime', readOnly: true, facet: {} },
    { ...base, id: '8c06beca-0777-48f7-91c7-6da68bc07b69', name: 'Created', displayName: 'Created', type: 'dateTime', readOnly: true, facet: {} },
  ];
}

/**
 * Fields every SharePoint list already has, hidden or not (Order, GUID, Author...): a new column of
 * the same internal name is refused as a duplicate.
 */
const RESERVED_FIELD_NAMES = new Set(
  ['ID', 'Title', 'Modified', 'Created', 'Author', 'Editor', 'Order', 'GUID', 'ContentType', 'ContentTypeId', 'Attachments', 'FileRef', 'FileLeafRef', 'FileDirRef', 'UniqueId', 'InstanceID', 'WorkflowVersion', 'Edit', 'LinkTitle', 'DocIcon', 'ItemChildCount', 'FolderChildCount', 'AppAuthor', 'AppEditor', 'ScopeId', 'MetaInfo', 'PermMask'].map((n) => n.toLowerCase()),
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SharePointSite {
  readonly lists = new Map<string, ListModel>();
  /**
   * The site's change log: every item write and delete with a change number that only grows, and
   * who made it. SharePoint keeps such a log for its change queries (SPSite.GetChanges, "By default,
   * the change log retains data for 60 days"), and listItem delta is read from it.
   */
  readonly changeLog: ItemChange[] = [];
  private changeCounter = 0;
  private readonly changeListeners = new Set<(change: ItemChange) => void>();

  constructor(
    readonly id: string,
    readonly webUrl: string,
    readonly displayName: string,
    /** The User Information List: what Person columns point at. */
    readonly users: SiteUserList,
  ) {}

  /** The change number of the latest write to the site (0 before any). */
  get lastChange(): number {
    return this.changeCounter;
  }

  /** Calls `listener` after each item write or delete (change notifications); returns the unsubscribe. */
  onItemChange(listener: (change: ItemChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** The actor SharePoint records for a writer; a person is added to the User Information List on first write. */
  actorFor(writer: Writer): Actor {
    if (writer.kind !== 'user') return writer.kind === 'application' ? { kind: 'application', id: writer.id, displayName: writer.displayName } : { kind: 'system' };
    const user = this.users.ensurePerson(writer);
    return { kind: 'user', id: writer.id, displayName: writer.displayName, email: user.Email, siteUserId: user.Id };
  }

  /** The User Information List id SharePoint stores in Author and Editor for an actor. */
  siteUserIdOf(actor: Actor): number {
    return actor.kind === 'user' ? actor.siteUserId : actor.kind === 'application' ? SHAREPOINT_APP_USER_ID : SYSTEM_ACCOUNT_USER_ID;
  }

  /** Logs a write under the next change number, lets `stamp` put the number on the item, then tells the listeners. */
  private record(list: ListModel, itemId: number, kind: ItemChange['kind'], by: Actor, at: string, stamp: (change: number) => void): void {
    this.changeCounter += 1;
    const change: ItemChange = { change: this.changeCounter, list, itemId, kind, by, at };
    this.changeLog.push(change);
    stamp(change.change);
    for (const listener of [...this.changeListeners]) listener(change);
  }

  findList(idOrTitle: string): ListModel {
    const decoded = decodeURIComponent(idOrTitle);
    const list = this.lists.get(decoded) ?? [...this.lists.values()].find((l) => l.displayName === decoded || l.name === decoded);
    if (!list) throw new ServiceError(404, 'itemNotFound', `List '${decoded}' does not exist at site with URL '${this.webUrl}'.`);
    return list;
  }

  createList(body: unknown): ListModel {
    if (!isRecord(body) || typeof body.displayName !== 'string' || body.displayName.trim() === '') {
      throw new ServiceError(400, 'invalidRequest', 'A list needs a displayName.');
    }
    const displayName = body.displayName;
    if ([...this.lists.values()].some((l) => l.displayName.toLowerCase() === displayName.toLowerCase())) {
      throw new ServiceError(409, 'nameAlreadyExists', `A list, survey, discussion board, or document library with the specified title already exists in this Web site.  Please choose another title.`);
    }
    const info = isRecord(body.list) ? body.list : {};
    const now = new Date().toISOString();
    const list: ListModel = {
      id: randomUUID(),
      name: displayName.replace(/\s+/g, ''),
      displayName,
      description: typeof body.description === 'string' ? body.description : '',
      template: typeof info.template === 'string' ? info.template : 'genericList',
      hidden: info.hidden === true,
      columns: builtInColumns(),
      items: new Map(),
      removed: new Map(),
      nextItemId: 1,
      views: [{ id: randomUUID(), title: 'All Items', viewQuery: '', personalView: false, rowLimit: 30, viewFields: ['LinkTitle'] }],
      created: now,
    };
    const columns = Array.isArray(body.columns) ? body.columns : [];
    // Columns are checked before the list exists, so a bad column leaves nothing behind.
    const parsed = columns.map((c) => this.parseColumn(c, list));
    list.columns.push(...parsed);
    this.lists.set(list.id, list);
    return list;
  }

  addColumn(list: ListModel, body: unknown): ColumnModel {
    const column = this.parseColumn(body, list);
    list.columns.push(column);
    return column;
  }

  updateColumn(list: ListModel, columnId: string, body: unknown): ColumnModel {
    const column = list.columns.find((c) => c.id === columnId || c.name === columnId);
    if (!column) throw new ServiceError(404, 'itemNotFound', `Column '${columnId}' does not exist.`);
    if (!isRecord(body)) throw new ServiceError(400, 'invalidRequest', 'Invalid column update.');
    if (typeof body.indexed === 'boolean') column.indexed = body.indexed;
    if (typeof body.hidden === 'boolean') column.hidden = body.hidden;
    if (typeof body.enforceUniqueValues === 'boolean') {
      if (body.enforceUniqueValues && !column.indexed) throw new ServiceError(400, 'invalidRequest', 'The field must be indexed to enforce unique values.');
      column.enforceUniqueValues = body.enforceUniqueValues;
    }
    if (typeof body.description === 'string') column.description = body.description;
    // api/columndefinition-update: a choice column's choices change with its choice facet, sent whole.
    if (column.type === 'choice' && isRecord(body.choice)) {
      const choices = body.choice.choices;
      if (!Array.isArray(choices) || choices.length === 0 || !choices.every((c) => typeof c === 'string')) throw new ServiceError(400, 'invalidRequest', `Column ${column.name}: a choice column needs choices.`);
      column.facet = { ...column.facet, ...body.choice };
    }
    return column;
  }

  private parseColumn(raw: unknown, list: ListModel): ColumnModel {
    if (!isRecord(raw) || typeof raw.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw.name)) {
      throw new ServiceError(400, 'invalidRequest', 'A column needs a name of letters, digits and underscores.');
    }
    const name = raw.name;
    if (RESERVED_FIELD_NAMES.has(name.toLowerCase()) || list.columns.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      throw new ServiceError(400, 'invalidRequest', `A duplicate field name "${name}" was found.`);
    }
    const types = COLUMN_TYPES.filter((t) => raw[t] !== undefined);
    if (types.length !== 1) {
      throw new ServiceError(400, 'invalidRequest', `Column ${name}: exactly one type facet is allowed (columnDefinition: the type properties are mutually exclusive).`);
    }
    const type = types[0] as ColumnType;
    const facet = isRecord(raw[type]) ? (raw[type] as Record<string, unknown>) : {};
    if (type === 'lookup') {
      const listId = facet.listId;
      if (typeof listId !== 'string' || !this.lists.has(listId)) throw new ServiceError(400, 'invalidRequest', `Column ${name}: the lookup list does not exist.`);
    }
    if (type === 'choice' && (!Array.isArray(facet.choices) || facet.choices.length === 0)) {
      throw new ServiceError(400, 'invalidRequest', `Column ${name}: a choice column needs choices.`);
    }
    const indexed = raw.indexed === true;
    const unique = raw.enforceUniqueValues === true;
    // PLATFORM-LIMITS.md: "Unique columns must be indexed."
    if (unique && !indexed) throw new ServiceError(400, 'invalidRequest', 'The field must be indexed to enforce unique values.');
    return {
      id: randomUUID(),
      name,
      displayName: typeof raw.displayName === 'string' ? raw.displayName : name,
      type,
      indexed,
      enforceUniqueValues: unique,
      hidden: raw.hidden === true,
      required: raw.required === true,
      readOnly: false,
      facet,
      description: typeof raw.description === 'string' ? raw.description : '',
    };
  }

  /** The column a fields key writes: Name, or NameLookupId for lookup and person columns. */
  columnForField(list: ListModel, key: string): ColumnModel | null {
    const direct = list.columns.find((c) => c.name === key);
    if (direct && direct.type !== 'lookup' && direct.type !== 'personOrGroup') return direct;
    if (key.endsWith('LookupId')) {
      const base = list.columns.find((c) => c.name === key.slice(0, -'LookupId'.length));
      if (base && (base.type === 'lookup' || base.type === 'personOrGroup')) return base;
    }
    return direct ?? null;
  }

  private checkFields(list: ListModel, fields: Record<string, unknown>, self: ItemModel | null): Record<string, unknown> {
    const clean: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key.includes('@odata.')) continue; // annotations such as LeadsLookupId@odata.type
      const column = this.columnForField(list, key);
      if (!column) throw new ServiceError(400, 'invalidRequest', `Field '${key}' is not recognized`);
      if (column.readOnly) throw new ServiceError(400, 'invalidRequest', `Field '${key}' is read-only`);
      if (Array.isArray(value) && fields[`${key}@odata.type`] !== 'Collection(Edm.String)') {
        // Seen on Graph for multi-value lookup and person columns (microsoftgraph/microsoft-graph-docs#2991).
        throw new ServiceError(400, 'invalidRequest', 'A value without a type name was found and no expected type is available.');
      }
      clean[key] = this.checkValue(list, column, key, value);
      if (column.enforceUniqueValues && clean[key] !== null && clean[key] !== '') {
        for (const other of list.items.values()) {
          if (other !== self && other.fields[key] === clean[key]) {
            // Undocumented but observed: 400 invalidRequest, not 409 (PLATFORM-LIMITS.md, n8n's SharePoint node).
            throw new ServiceError(400, 'invalidRequest', 'One or more fields with unique constraints already has the provided value.');
          }
        }
      }
    }
    return clean;
  }

  private checkValue(list: ListModel, column: ColumnModel, key: string, value: unknown): unknown {
    if (value === null) return null;
    const bad = (why: string): never => {
      throw new ServiceError(400, 'invalidRequest', `Field '${key}': ${why}`);
    };
    switch (column.type) {
      case 'text': {
        if (typeof value !== 'string') return bad('a text column takes a string');
        const multi = column.facet.allowMultipleLines === true;
        const max = typeof column.facet.maxLength === 'number' ? column.facet.maxLength : multi ? 63_999 : 255;
        if (value.length > max) bad(`the value is longer than ${max} characters`);
        return value;
      }
      case 'number':
        return typeof value === 'number' && Number.isFinite(value) ? value : bad('a number column takes a number');
      case 'boolean':
        return typeof value === 'boolean' ? value : bad('a boolean column takes true or false');
      case 'dateTime':
        return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : bad('a dateTime column takes an ISO 8601 date');
      case 'choice': {
        const choices = Array.isArray(column.facet.choices) ? column.facet.choices : [];
        if (typeof value !== 'string') return bad('a choice column takes a string');
        if (!choices.includes(value) && column.facet.allowTextEntry !== true) bad(`'${value}' is not one of the choices`);
        return value;
      }
      case 'lookup': {
        const target = this.lists.get(String(column.facet.listId));
        const ids = Array.isArray(value) ? value : [value];
        for (const id of ids) {
          if (!target?.items.has(Number(id))) bad(`lookup value ${String(id)} does not exist`);
        }
        return Array.isArray(value) ? value.map(String) : String(value);
      }
      case 'personOrGroup': {
        const ids = Array.isArray(value) ? value : [value];
        if (ids.length > 1 && column.facet.allowMultipleSelection !== true) bad('the column takes one person');
        for (const id of ids) {
          if (!this.users.get(Number(id))) bad(`${String(id)} is not a user or group of this site (ensure them first)`);
        }
        return Array.isArray(value) ? value.map(String) : String(value);
      }
    }
    return value;
  }

  createItem(list: ListModel, fields: unknown, by: Writer = SYSTEM_WRITER): ItemModel {
    if (!isRecord(fields)) throw new ServiceError(400, 'invalidRequest', 'A list item needs fields.');
    const clean = this.checkFields(list, fields, null);
    for (const column of list.columns) {
      if (column.required && (clean[column.name] ?? clean[`${column.name}LookupId`]) === undefined) {
        throw new ServiceError(400, 'invalidRequest', `Field '${column.name}' is required.`);
      }
    }
    const now = new Date().toISOString();
    const actor = this.actorFor(by);
    const item: ItemModel = { id: list.nextItemId, guid: randomUUID(), version: 1, fields: clean, created: now, modified: now, createdBy: actor, modifiedBy: actor, change: 0 };
    list.nextItemId += 1;
    list.items.set(item.id, item);
    this.record(list, item.id, 'created', actor, now, (change) => (item.change = change));
    return item;
  }

  /** Adds items without HTTP, for tests that need a large list (12,000 items) quickly. */
  seedItems(list: ListModel, rows: readonly Record<string, unknown>[]): void {
    for (const row of rows) this.createItem(list, row);
  }

  getItem(list: ListModel, itemId: string): ItemModel {
    const item = list.items.get(Number(itemId));
    if (!/^\d+$/.test(itemId) || !item) throw new ServiceError(404, 'itemNotFound', 'Item not found');
    return item;
  }

  /** api/listitem-update: a stale If-Match gets 412 and the item is not updated. */
  updateItem(list: ListModel, itemId: string, fields: unknown, ifMatch: string | null, by: Writer = SYSTEM_WRITER): ItemModel {
    const item = this.getItem(list, itemId);
    if (ifMatch !== null && ifMatch.trim() !== '*' && ifMatch.trim() !== eTagOf(item)) {
      throw new ServiceError(412, 'resourceModified', 'The resource has changed since the caller last read it; usually an eTag mismatch');
    }
    if (!isRecord(fields)) throw new ServiceError(400, 'invalidRequest', 'A fields update needs an object.');
    const clean = this.checkFields(list, fields, item);
    Object.assign(item.fields, clean);
    item.version += 1;
    item.modified = new Date().toISOString();
    item.modifiedBy = this.actorFor(by);
    this.record(list, item.id, 'updated', item.modifiedBy, item.modified, (change) => (item.change = change));
    return item;
  }

  deleteItem(list: ListModel, itemId: string, ifMatch: string | null, by: Writer = SYSTEM_WRITER): void {
    const item = this.getItem(list, itemId);
    if (ifMatch !== null && ifMatch.trim() !== '*' && ifMatch.trim() !== eTagOf(item)) {
      throw new ServiceError(412, 'resourceModified', 'The resource has changed since the caller last read it; usually an eTag mismatch');
    }
    list.items.delete(item.id);
    const at = new Date().toISOString();
    const actor = this.actorFor(by);
    const removed: RemovedItem = { id: item.id, change: 0, at, by: actor };
    list.removed.set(item.id, removed);
    this.record(list, item.id, 'deleted', actor, at, (change) => (removed.change = change));
  }

  deleteList(list: ListModel): void {
    this.lists.delete(list.id);
  }
}
