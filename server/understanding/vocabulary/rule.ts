/**
 * A danger or a problem, as data. `match` is tried on folded text (lower case, no accents); the first
 * matching alternative is the evidence. Rules are per industry, plus the general ones every business gets,
 * plus a business's own phrases from the admin API.
 */
export interface Rule {
  /** Shown to the owner with the verdict ("gas smell", "no heat with an infant in freezing weather"). */
  reason: string;
  level: 'URGENT' | 'HIGH';
  match: RegExp;
  /** The rule applies only when this is said somewhere in the turn (the filler, for signs after filler). */
  requires?: RegExp;
  /** Phrases that, where they overlap the evidence, mean something else for this rule ("fire damage"). */
  unless?: RegExp;
  /**
   * Raised to URGENT only with these together: a vulnerable person, extreme weather, or both. Without them
   * the rule stands at `level`.
   */
  escalate?: 'vulnerable+weather' | 'vulnerable|weather' | 'vulnerable';
}

/** Either order, at most `words` words apart: near('gas', 'smell', 4). */
export function near(a: string, b: string, words = 5): string {
  return '(?:' + followedBy(a, b, words) + '|' + followedBy(b, a, words) + ')';
}

/** `a` then `b`, at most `words` words apart. */
// Not named `then`: a module exporting `then` is a thenable, and `await import()` of it never settles.
export function followedBy(a: string, b: string, words = 5): string {
  const gap = "(?:[^a-z0-9]+[a-z0-9']+){0," + String(words) + '}?[^a-z0-9]+';
  return '\\b(?:' + a + ')\\b' + gap + '\\b(?:' + b + ')\\b';
}

export function rx(...alternatives: string[]): RegExp {
  return new RegExp(alternatives.join('|'));
}
