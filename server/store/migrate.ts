import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Migrations are `NNNN-name.sql` files; the number is the schema version they bring the database to. */
export function readMigrations(dir: string = migrationsDir): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file))
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]!.version === m.version) throw new Error(`Two migrations share version ${m.version}`);
  });
  return migrations;
}

/** The database was written by a newer Leads Agent: starting would risk damaging it. */
export class DatabaseTooNew extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database is at schema version ${found}, but this version of Leads Agent only knows up to ${supported}. ` +
        'Install the newer Leads Agent that wrote it, or restore a backup.',
    );
    this.name = 'DatabaseTooNew';
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the newest schema in one transaction: either every pending migration applies, or
 * none does and the database stays as it was. Returns the versions applied.
 */
export function migrate(db: Db, migrations: Migration[] = readMigrations(), upTo = Infinity): number[] {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new DatabaseTooNew(current, latest);
  const pending = migrations.filter((m) => m.version > current && m.version <= upTo);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const migration of pending) db.exec(migration.sql);
    // PRAGMA cannot take parameters; the value is an integer from our own file names.
    db.pragma(`user_version = ${pending.at(-1)!.version}`);
  })();
  return pending.map((m) => m.version);
}
