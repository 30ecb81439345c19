import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../log/logger.js';
import { tempDir } from '../test-kit/test-config.js';
import { openStore } from './database.js';
import { DatabaseTooNew, migrate, readMigrations, schemaVersion, type Migration } from './migrate.js';

const log = createSilentLogger();
const migrations = readMigrations();
const latest = migrations.at(-1)!.version;
let cleanup: Array<() => void> = [];
afterEach(() => {
  cleanup.forEach((fn) => fn());
  cleanup = [];
});

function dbFile(): string {
  const temp = tempDir();
  cleanup.push(temp.remove);
  return join(temp.dir, 'leads.db');
}

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map(
    (r) => r.name,
  );

describe('migrations', () => {
  it('are numbered without gaps in meaning: unique, ordered versions', () => {
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.version)).toEqual([...new Set(migrations.map((m) => m.version))].sort((a, b) => a - b));
  });

  it('build the whole schema on an empty database, with WAL, foreign keys and sqlite-vec', () => {
    const store = openStore(dbFile(), { log });
    cleanup.push(store.close);
    expect(schemaVersion(store.db)).toBe(latest);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.vectorSearch).toBe(true);
    expect(store.db.prepare('SELECT vec_version() AS v').get()).toMatchObject({ v: expect.stringMatching(/^v\d/) });
    expect(tables(store.db)).toEqual(
      expect.arrayContaining(['alerts', 'businesses', 'calls', 'chats', 'entities', 'kb_chunks', 'kb_documents', 'lead_answers', 'leads', 'questions', 'settings', 'turns']),
    );
  });

  // The version each migration starts from: numbers are reserved per branch, so there may be gaps (0001, 0003).
  it.each(migrations.map((_, i) => (i === 0 ? 0 : migrations[i - 1]!.version)))('upgrade a database left at version %i, keeping its rows', (from) => {
    const file = dbFile();
    const old = new Database(file);
    migrate(old, migrations, from);
    expect(schemaVersion(old)).toBe(from);
    if (from >= 1) {
      old.prepare(`INSERT INTO settings (key, value) VALUES ('kept', 'yes')`).run();
    }
    old.close();

    const store = openStore(file, { log });
    cleanup.push(store.close);
    expect(schemaVersion(store.db)).toBe(latest);
    if (from >= 1) expect(store.db.prepare(`SELECT value FROM settings WHERE key = 'kept'`).get()).toEqual({ value: 'yes' });
  });

  it('refuse a database from a newer version, and leave it untouched', () => {
    const file = dbFile();
    const newer = new Database(file);
    newer.pragma(`user_version = ${latest + 1}`);
    newer.close();
    expect(() => openStore(file, { log })).toThrow(DatabaseTooNew);
    expect(() => openStore(file, { log })).toThrow(/schema version \d+, but this version of Leads Agent only knows up to \d+/);
    const after = new Database(file);
    expect(schemaVersion(after)).toBe(latest + 1);
    expect(tables(after)).toEqual([]);
    after.close();
  });

  it('apply all or nothing: a failing migration leaves the database as it was', () => {
    const file = dbFile();
    const broken: Migration[] = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE fine (x); THIS IS NOT SQL;' }];
    const db = new Database(file);
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });
});
