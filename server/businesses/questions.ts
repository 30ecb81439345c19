import { randomUUID } from 'node:crypto';
import { isoNow, systemClock, type Clock } from '../clock.js';
import { BadRequest, Conflict, NotFound, PlanLimit, ValidationFailed } from '../errors.js';
import { featuresOf } from '../plans.js';
import type { Db } from '../store/database.js';
import type { Question } from './business.js';
import type { CreateQuestionBody, QuestionKind, UpdateQuestionBody } from './schemas.js';

export type { Question } from './business.js';
import type { BusinessService } from './service.js';

interface QuestionRow {
  id: string;
  business_id: string;
  field: string;
  text: string;
  kind: QuestionKind;
  choices: string | null;
  required: number;
  is_essential_for_emergency: number;
  position: number;
}

export interface QuestionService {
  /** Every question in order, paused ones included. */
  list(businessId: string): Question[];
  /** The questions the agent asks, in order. */
  active(businessId: string): Question[];
  create(businessId: string, input: CreateQuestionBody): Question;
  update(businessId: string, questionId: string, patch: UpdateQuestionBody): Question;
  remove(businessId: string, questionId: string): void;
  reorder(businessId: string, ids: string[]): Question[];
}

export function createQuestionService({
  db,
  businesses,
  clock = systemClock,
}: {
  db: Db;
  businesses: BusinessService;
  clock?: Clock;
}): QuestionService {
  const rows = db.prepare<[string], QuestionRow>('SELECT * FROM questions WHERE business_id = ? ORDER BY position, created_at');
  const insert = db.prepare(
    `INSERT INTO questions (id, business_id, field, text, kind, choices, required, is_essential_for_emergency, position, created_at, updated_at)
     VALUES (@id, @business_id, @field, @text, @kind, @choices, @required, @is_essential_for_emergency, @position, @now, @now)`,
  );
  const save = db.prepare(
    `UPDATE questions SET field = @field, text = @text, kind = @kind, choices = @choices, required = @required,
       is_essential_for_emergency = @is_essential_for_emergency, updated_at = @now WHERE id = @id`,
  );
  const setPosition = db.prepare<[number, string]>('UPDATE questions SET position = ? WHERE id = ?');
  const remove = db.prepare<[string]>('DELETE FROM questions WHERE id = ?');

  function list(businessId: string): Question[] {
    const limit = featuresOf(businesses.get(businessId).plan).maxQuestions;
    return rows.all(businessId).map((row, index) => toQuestion(row, limit === null || index < limit));
  }

  /** Positions are kept dense (0..n-1) so "position" always means the order the agent asks in. */
  const placeAt = db.transaction((businessId: string, id: string, position: number) => {
    const ordered = rows.all(businessId).filter((row) => row.id !== id);
    ordered.splice(Math.min(position, ordered.length), 0, { id } as QuestionRow);
    ordered.forEach((row, index) => setPosition.run(index, row.id));
  });

  function findRow(businessId: string, questionId: string): QuestionRow {
    const row = rows.all(businessId).find((r) => r.id === questionId);
    if (!row) throw new NotFound(`Question ${questionId}`);
    return row;
  }

  function checkChoices(kind: QuestionKind, choices: string[] | null | undefined): void {
    if (kind === 'choice' && !choices?.length) throw new ValidationFailed('A choice question needs choices');
    if (kind !== 'choice' && choices?.length) throw new ValidationFailed('Only a choice question has choices');
  }

  function writeUnique(run: () => void, field: string): void {
    try {
      run();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new Conflict(`Another question already records its answer as "${field}"`);
      }
      throw error;
    }
  }

  return {
    list,
    active: (businessId) => list(businessId).filter((q) => q.active),
    create: db.transaction((businessId: string, input: CreateQuestionBody): Question => {
      const business = businesses.get(businessId);
      const existing = rows.all(businessId);
      const limit = featuresOf(business.plan).maxQuestions;
      if (limit !== null && existing.length >= limit) {
        throw new PlanLimit(`The ${business.plan} plan allows at most ${limit} lead questions; upgrade to BASIC or PRO for more`);
      }
      checkChoices(input.kind, input.choices);
      const id = randomUUID();
      const field = input.field ?? suggestField(input, new Set(existing.map((r) => r.field)));
      writeUnique(
        () =>
          insert.run({
            id,
            business_id: businessId,
            field,
            text: input.text.trim(),
            kind: input.kind,
            choices: input.choices ? JSON.stringify(input.choices) : null,
            required: input.required === false ? 0 : 1,
            is_essential_for_emergency: input.isEssentialForEmergency ? 1 : 0,
            position: existing.length,
            now: isoNow(clock),
          }),
        field,
      );
      placeAt(businessId, id, input.position ?? existing.length);
      return list(businessId).find((q) => q.id === id)!;
    }),
    update: db.transaction((businessId: string, questionId: string, patch: UpdateQuestionBody): Question => {
      const row = findRow(businessId, questionId);
      const kind = patch.kind ?? row.kind;
      const choices = patch.choices === undefined ? (row.choices ? (JSON.parse(row.choices) as string[]) : null) : patch.choices;
      checkChoices(kind, choices);
      const field = patch.field ?? row.field;
      writeUnique(
        () =>
          save.run({
            id: row.id,
            field,
            text: patch.text?.trim() ?? row.text,
            kind,
            choices: choices ? JSON.stringify(choices) : null,
            required: patch.required === undefined ? row.required : Number(patch.required),
            is_essential_for_emergency:
              patch.isEssentialForEmergency === undefined ? row.is_essential_for_emergency : Number(patch.isEssentialForEmergency),
            now: isoNow(clock),
          }),
        field,
      );
      if (patch.position !== undefined) placeAt(businessId, row.id, patch.position);
      return list(businessId).find((q) => q.id === questionId)!;
    }),
    remove: db.transaction((businessId: string, questionId: string) => {
      const row = findRow(businessId, questionId);
      remove.run(row.id);
      rows.all(businessId).forEach((r, index) => setPosition.run(index, r.id));
    }),
    reorder: db.transaction((businessId: string, ids: string[]): Question[] => {
      const current = rows.all(businessId);
      const known = new Set(current.map((r) => r.id));
      if (ids.length !== current.length || !ids.every((id) => known.has(id))) {
        throw new BadRequest('ids must list every question of the business exactly once');
      }
      ids.forEach((id, index) => setPosition.run(index, id));
      return list(businessId);
    }),
  };
}

function toQuestion(row: QuestionRow, active: boolean): Question {
  return {
    id: row.id,
    businessId: row.business_id,
    field: row.field,
    text: row.text,
    kind: row.kind,
    choices: row.choices ? (JSON.parse(row.choices) as string[]) : null,
    required: row.required === 1,
    isEssentialForEmergency: row.is_essential_for_emergency === 1,
    position: row.position,
    active,
  };
}

/**
 * A field key when none is given: the well-known ones (name, phone, email, address) fill the lead's own
 * columns, so they are preferred; otherwise a slug of the question.
 */
function suggestField(input: CreateQuestionBody, taken: Set<string>): string {
  const wellKnown: Partial<Record<QuestionKind, string>> = { phone: 'phone', email: 'email', address: 'address' };
  const byText = /\bname\b/i.test(input.text) && input.kind === 'text' ? 'name' : undefined;
  const base =
    byText ??
    wellKnown[input.kind] ??
    (input.text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'q_$1')
      .slice(0, 32) ||
      'answer');
  let field = base;
  for (let n = 2; taken.has(field); n++) field = `${base}_${n}`;
  return field;
}
