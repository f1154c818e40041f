import { randomUUID } from 'node:crypto';

/**
 * The key of an update a document import writes with a new action. Nothing repeats these writes by
 * key (SQLite writes them in one transaction, SharePoint deletes what a failed import created), so
 * the key need only be unique: random, it tells no one who can read the plan or its document what a
 * key will be, where one derived from the plan, ref and position could be taken before the import.
 */
export function importedUpdateKey(): string {
  return `import:${randomUUID()}`;
}
