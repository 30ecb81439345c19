import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import type { Logger } from '../log/logger.js';
import { migrate, readMigrations, type Migration } from './migrate.js';

export type Db = Database.Database;
export type Statement = Database.Statement;

export interface Store {
  readonly db: Db;
  /** False when the sqlite-vec extension could not load: the knowledge base then runs on keywords alone. */
  readonly vectorSearch: boolean;
  close(): void;
}

export interface OpenOptions {
  log: Logger;
  migrations?: Migration[];
}

export function openStore(file: string, { log, migrations = readMigrations() }: OpenOptions): Store {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // timeout = SQLite busy_timeout: a writer waits this long for another connection's lock.
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    // FULL makes a commit durable once it returns, even if the OS crashes right after (NORMAL could roll
    // back the last commits on power loss). A lead acknowledged to a caller must survive.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const vectorSearch = loadVectorExtension(db, log);
    const applied = migrate(db, migrations);
    if (applied.length > 0) log.info({ file, applied }, 'database migrated');
    return {
      db,
      vectorSearch,
      close() {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function loadVectorExtension(db: Db, log: Logger): boolean {
  try {
    sqliteVec.load(db);
    return true;
  } catch (error) {
    log.warn({ err: error }, 'sqlite-vec did not load; knowledge search will use keywords only');
    return false;
  }
}
