export type EntityType = 'phone' | 'email' | 'name' | 'date' | 'amount' | 'address';

/** An entity with where it was said; `value` is normalised, `text` is the span as said. */
export interface FoundEntity {
  type: EntityType;
  value: string;
  text: string;
  start: number;
  end: number;
}

/** What every extractor receives: the turn as written and folded (same offsets), and its tokens. */
export interface Source {
  text: string;
  folded: string;
  tokens: import('../numbers.js').Token[];
}
