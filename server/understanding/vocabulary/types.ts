export type HazardLevel = 'URGENT' | 'HIGH';

/**
 * A danger (or same-day need) described by the caller. Each entry of `all` names a concept; the rule
 * holds when every entry has a live match (not negated, past, hypothetical or resolved). An entry
 * may list alternatives with `|`. `$cold-season` and `$hot-season` are true from the turn's date.
 */
export interface HazardRule {
  level: HazardLevel;
  reason: string;
  all: readonly string[];
  /** Concepts that, live in the same scope, show the words mean something else ("the market is on fire"). */
  unless?: readonly string[];
  /** 'sentence' (default): all concepts in one sentence; 'turn': anywhere in the turn. */
  scope?: 'sentence' | 'turn';
}

export interface Vocabulary {
  /** Concept name → regular expression source, matched against folded text (lower case, no accents, numbers as digits). */
  concepts: Readonly<Record<string, string>>;
  rules: readonly HazardRule[];
}
