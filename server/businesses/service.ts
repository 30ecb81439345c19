import { randomUUID } from 'node:crypto';
import { isoNow, systemClock, type Clock } from '../clock.js';
import { Conflict, NotFound, ValidationFailed } from '../errors.js';
import { featuresOf, type Plan } from '../plans.js';
import type { Db } from '../store/database.js';
import { defaultGreeting, defaultSettings, mergeDeep } from './defaults.js';
import type { Business } from './business.js';
import type { CreateBusinessInput, UpdateBusinessInput } from './schemas.js';

export type { Business } from './business.js';

interface BusinessRow {
  id: string;
  name: string;
  industry: string;
  plan: Plan;
  twilio_number: string | null;
  owner_phone: string;
  owner_email: string;
  backup_phone: string | null;
  timezone: string;
  greeting: string;
  widget_origins: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface BusinessService {
  list(): Business[];
  get(id: string): Business;
  find(id: string): Business | undefined;
  findByNumber(twilioNumber: string): Business | undefined;
  create(input: CreateBusinessInput): Business;
  update(id: string, patch: UpdateBusinessInput): Business;
  remove(id: string): void;
}

const settingKeys = ['voice', 'widget', 'alerts', 'vocabulary'] as const;

export function createBusinessService({ db, clock = systemClock }: { db: Db; clock?: Clock }): BusinessService {
  const byId = db.prepare<[string], BusinessRow>('SELECT * FROM businesses WHERE id = ?');
  const byNumber = db.prepare<[string], BusinessRow>('SELECT * FROM businesses WHERE twilio_number = ?');
  const all = db.prepare<[], BusinessRow>('SELECT * FROM businesses ORDER BY created_at, id');
  const insert = db.prepare<BusinessRow>(
    `INSERT INTO businesses (id, name, industry, plan, twilio_number, owner_phone, owner_email, backup_phone, timezone,
       greeting, widget_origins, settings, created_at, updated_at)
     VALUES (@id, @name, @industry, @plan, @twilio_number, @owner_phone, @owner_email, @backup_phone, @timezone,
       @greeting, @widget_origins, @settings, @created_at, @updated_at)`,
  );
  const replace = db.prepare<BusinessRow>(
    `UPDATE businesses SET name = @name, industry = @industry, plan = @plan, twilio_number = @twilio_number,
       owner_phone = @owner_phone, owner_email = @owner_email, backup_phone = @backup_phone, timezone = @timezone,
       greeting = @greeting, widget_origins = @widget_origins, settings = @settings, updated_at = @updated_at
     WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM businesses WHERE id = ?');

  function get(id: string): Business {
    const row = byId.get(id);
    if (!row) throw new NotFound(`Business ${id}`);
    return toBusiness(row);
  }

  function write(statement: typeof insert, row: BusinessRow): void {
    try {
      statement.run(row);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new Conflict(`The number ${row.twilio_number} already belongs to another business`);
      }
      throw error;
    }
  }

  return {
    list: () => all.all().map(toBusiness),
    get,
    find(id) {
      const row = byId.get(id);
      return row && toBusiness(row);
    },
    findByNumber(twilioNumber) {
      const row = byNumber.get(twilioNumber);
      return row && toBusiness(row);
    },
    create(input) {
      checkTimezone(input.timezone);
      const now = isoNow(clock);
      const row: BusinessRow = {
        id: randomUUID(),
        name: input.name.trim(),
        industry: input.industry,
        plan: input.plan,
        twilio_number: input.twilioNumber ?? null,
        owner_phone: input.ownerPhone,
        owner_email: input.ownerEmail.toLowerCase(),
        backup_phone: input.backupPhone ?? null,
        timezone: input.timezone,
        greeting: input.greeting ?? defaultGreeting(input.name.trim()),
        widget_origins: JSON.stringify(normaliseOrigins(input.widgetOrigins ?? [])),
        settings: JSON.stringify(pickSettings(input)),
        created_at: now,
        updated_at: now,
      };
      write(insert, row);
      return toBusiness(row);
    },
    update(id, patch) {
      const row = byId.get(id);
      if (!row) throw new NotFound(`Business ${id}`);
      if (patch.timezone !== undefined) checkTimezone(patch.timezone);
      const next: BusinessRow = {
        ...row,
        name: patch.name?.trim() ?? row.name,
        industry: patch.industry ?? row.industry,
        plan: patch.plan ?? row.plan,
        twilio_number: patch.twilioNumber === undefined ? row.twilio_number : patch.twilioNumber,
        owner_phone: patch.ownerPhone ?? row.owner_phone,
        owner_email: patch.ownerEmail?.toLowerCase() ?? row.owner_email,
        backup_phone: patch.backupPhone === undefined ? row.backup_phone : patch.backupPhone,
        timezone: patch.timezone ?? row.timezone,
        greeting: patch.greeting ?? row.greeting,
        widget_origins:
          patch.widgetOrigins === undefined ? row.widget_origins : JSON.stringify(normaliseOrigins(patch.widgetOrigins)),
        settings: JSON.stringify(mergeDeep(JSON.parse(row.settings) as object, pickSettings(patch))),
        updated_at: isoNow(clock),
      };
      write(replace, next);
      return toBusiness(next);
    },
    remove(id) {
      if (remove.run(id).changes === 0) throw new NotFound(`Business ${id}`);
    },
  };
}

function toBusiness(row: BusinessRow): Business {
  const settings = mergeDeep(defaultSettings(row.name), JSON.parse(row.settings) as object);
  return {
    id: row.id,
    name: row.name,
    industry: row.industry,
    plan: row.plan,
    twilioNumber: row.twilio_number,
    ownerPhone: row.owner_phone,
    ownerEmail: row.owner_email,
    backupPhone: row.backup_phone,
    timezone: row.timezone,
    greeting: row.greeting,
    widgetOrigins: JSON.parse(row.widget_origins) as string[],
    ...settings,
    features: { ...featuresOf(row.plan) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function pickSettings(input: UpdateBusinessInput): Partial<Record<(typeof settingKeys)[number], unknown>> {
  return Object.fromEntries(settingKeys.filter((key) => input[key] !== undefined).map((key) => [key, input[key]]));
}

function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new ValidationFailed(`timezone must be an IANA time zone such as America/Chicago (got "${timezone}")`);
  }
}

/** The browser sends Origin as scheme://host[:port] in lower case, without a trailing slash. */
function normaliseOrigins(origins: string[]): string[] {
  return [...new Set(origins.map((origin) => new URL(origin).origin))];
}
