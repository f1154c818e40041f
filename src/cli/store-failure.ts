import { resolve, sep } from 'node:path';
import { PlanError } from '../plan/errors.js';

/** What SQLite and the file system say when the store's file fails; better-sqlite3's SqliteError and Node's errors both carry a code. */
function codeOf(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return null;
  return error.code;
}

const READ_ONLY_COMMANDS = 'Commands that only read (plans, show, due, export) still work';

/** What happened and what to do, for each way the file can fail; null for a failure that is no store's. */
function advice(code: string, file: string, error: Error): string | null {
  if (code.startsWith('SQLITE_READONLY')) {
    return `${file} is read-only for this user (${code}), so nothing was changed. ${READ_ONLY_COMMANDS}; to change plans, give this user write access to the file and its folder (WAL mode writes ${file}-wal and ${file}-shm beside it), or use --db with a writable copy`;
  }
  if (code === 'SQLITE_FULL') {
    return `the disk holding ${file} is full (${code}): nothing of this command's change was saved, and the plans are as they were. Free some space on that disk, then run the command again`;
  }
  if (code === 'SQLITE_TOOBIG') {
    return `a value was too big to store in ${file} (${code}: SQLite stores at most 1,000,000,000 bytes in one value), so nothing of this command's change was saved. Shorten the text that is this large, then run the command again`;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `${file} stayed locked by another program for over 5 seconds (${code}), so nothing was changed. Run the command again once the other import or the server's write has finished`;
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `${file} is damaged or is not a plan database (${code}). Restore it from a backup, or choose another file with --db`;
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return `${file} cannot be opened (${code}): check that it and its folder exist and that this user may read them, or choose another file with --db`;
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `reading or writing ${file} failed at the disk (${code}), so nothing of this command's change was saved. Check the disk and its free space, then run the command again`;
  }
  if (code.startsWith('SQLITE_')) return `the database ${file} failed (${code}: ${error.message}), so nothing of this command's change was saved`;
  // The file system's codes concern the store only when they name its file or a folder above it (not an --out file).
  const path = 'path' in error && typeof error.path === 'string' ? resolve(error.path) : null;
  if (path === null || !(path === resolve(file) || resolve(file).startsWith(`${path}${sep}`))) return null;
  if (code === 'ENOSPC') return `the disk holding ${file} is full (${code}). Free some space on that disk, then run the command again`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return `${file} or its folder cannot be created or written by this user (${code}). Create the folder with write access for this user, or choose another file with --db`;
  }
  return null;
}

/**
 * A failure of the SQLite store as the operator should read it: what happened to which file and
 * what to do, as a PlanError (printed without a stack). Anything else passes through unchanged.
 */
export function explainStoreFailure(error: unknown, file: string): unknown {
  if (error instanceof PlanError || !(error instanceof Error)) return error;
  const code = codeOf(error);
  const said = code === null ? null : advice(code, file, error);
  return said === null ? error : new PlanError('store_failure', said, { cause: error });
}
