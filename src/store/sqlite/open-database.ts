import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { PlanError } from '../../plan/errors.js';
import { SCHEMA_VERSION } from './migrations.js';

// better-sqlite3 reads this once, when the first database of the process is opened: file: URIs
// are how SQLite is told a database sits on read-only media (immutable, below).
process.env.SQLITE_USE_URI ??= '1';

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A database this user may not change (a file made read-only, a folder it may not write) is opened
 * read-only, so that commands that only read still work; a write then fails with SQLITE_READONLY,
 * which callers explain. The file and its folder must both be writable to write, as WAL mode
 * creates its -wal and -shm files beside the database.
 */
function openReadOnly(file: string): Database.Database {
  // Reading a WAL database takes a -shm file beside it. Where none is there and the folder cannot
  // take one, SQLite reads the file as immutable: as it is, with no locks, which is what a
  // database nobody may write here is (a writer elsewhere could change it under the reader, so
  // this is only the fallback).
  const shmPossible = writable(dirname(file)) || existsSync(`${file}-shm`);
  const db = shmPossible ? new Database(file, { readonly: true, fileMustExist: true }) : new Database(`${pathToFileURL(resolve(file)).href}?immutable=1`, { readonly: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < SCHEMA_VERSION) {
      throw new PlanError('store_failure', `${file} is read-only for this user and was written by an older version of this program (schema ${version}, this program's is ${SCHEMA_VERSION}): open it once with write access, so that it is upgraded`);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The SQLite file of the embedded store, opened for writing when this user may write it, else read-only. */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:' && existsSync(file) && !(writable(file) && writable(dirname(file)))) {
    const db = openReadOnly(file);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  }
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
