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
  const gap = `(?:[^a-z0-9]+[a-z0-9']+){0,${words}}?[^a-z0-9]+`;
  return `(?:\\b(?:${a})\\b${gap}\\b(?:${b})\\b|\\b(?:${b})\\b${gap}\\b(?:${a})\\b)`;
}

/** `a` then `b`, at most `words` words apart. */
export function then(a: string, b: string, words = 5): string {
  return `\\b(?:${a})\\b(?:[^a-z0-9]+[a-z0-9']+){0,${words}}?[^a-z0-9]+\\b(?:${b})\\b`;
}

export function rx(...alternatives: string[]): RegExp {
  return new RegExp(alternatives.join('|'));
}
