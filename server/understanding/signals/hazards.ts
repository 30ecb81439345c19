import { GENERIC_VOCABULARY, INDUSTRY_VOCABULARIES, type HazardLevel, type HazardRule, type Vocabulary } from '../vocabulary/index.js';
import type { VocabularyExtension } from '../types.js';
import { fold } from '../text/fold.js';
import { sentenceIndexAt, type PreparedText } from '../text/prepare.js';
import { execAll } from '../text/exec-all.js';
import { forEachWord, GATE_LENGTH, gateKeys, prefixCode } from '../text/regex-gate.js';
import { ModifierIndex, type Modifier } from './modifiers.js';

export interface CompiledConcept {
  re: RegExp;
  gate: string[] | undefined;
}

/** A rule with its `all` entries split into alternatives once, at load. */
export interface CompiledRule extends HazardRule {
  entries: ReadonlyArray<readonly string[]>;
}

export interface CompiledVocabulary {
  concepts: ReadonlyMap<string, CompiledConcept>;
  rules: readonly CompiledRule[];
  /** Gate key (as a number, see `prefixCode`) → the concepts it opens; concepts without a gate are always tried. */
  gateIndex: ReadonlyMap<number, readonly string[]>;
}

function compileRule(rule: HazardRule): CompiledRule {
  return { ...rule, entries: rule.all.map((e) => e.split('|')) };
}

export interface ConceptMatch {
  start: number;
  end: number;
  sentence: number;
  /** null until asked for: most matches never need their modifiers checked. */
  modifier: Modifier | undefined | null;
}

export interface HazardHit {
  level: HazardLevel;
  reason: string;
}

/** A danger that was described but does not count now, e.g. "negated: no leak". */
export interface SuppressedHazard {
  level: HazardLevel;
  reason: string;
  modifier: Modifier;
  text: string;
}

export interface SeasonFlags {
  coldSeason: boolean;
  hotSeason: boolean;
}

export function compileVocabulary(...vocabularies: Vocabulary[]): CompiledVocabulary {
  const concepts = new Map<string, CompiledConcept>();
  const rules: CompiledRule[] = [];
  for (const v of vocabularies) {
    for (const [name, source] of Object.entries(v.concepts)) concepts.set(name, { re: new RegExp(source, 'g'), gate: gateKeys(source) });
    rules.push(...v.rules.map(compileRule));
  }
  const gateIndex = new Map<number, string[]>();
  for (const [name, c] of concepts) {
    for (const key of c.gate ?? []) {
      const code = prefixCode(key, 0, key.length);
      const list = gateIndex.get(code);
      if (list) list.push(name);
      else gateIndex.set(code, [name]);
    }
  }
  return { concepts, rules, gateIndex };
}

function buildCompiledTable(): ReadonlyMap<string, CompiledVocabulary> {
  const table = new Map<string, CompiledVocabulary>();
  table.set('', compileVocabulary(GENERIC_VOCABULARY));
  for (const [industry, v] of Object.entries(INDUSTRY_VOCABULARIES)) table.set(industry, compileVocabulary(GENERIC_VOCABULARY, v));
  return table;
}

// Compiled once at load and never changed afterwards.
const COMPILED: ReadonlyMap<string, CompiledVocabulary> = buildCompiledTable();

export function vocabularyFor(industry: string): CompiledVocabulary {
  return COMPILED.get(industry.trim().toLowerCase().replace(/[\s-]+/g, '_')) ?? (COMPILED.get('') as CompiledVocabulary);
}

/** Finds concept matches in one turn and remembers them, so rules that share a concept scan once. */
export class ConceptScanner {
  private readonly cache = new Map<string, ConceptMatch[]>();
  private open: Set<string> | undefined;
  private modifiers: ModifierIndex | undefined;

  constructor(
    readonly prepared: PreparedText,
    readonly vocabulary: CompiledVocabulary,
  ) {}

  matches(name: string): ConceptMatch[] {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const concept = this.vocabulary.concepts.get(name);
    const found: ConceptMatch[] = [];
    if (concept && (concept.gate === undefined || this.openConcepts().has(name))) {
      const p = this.prepared;
      execAll(concept.re, p.low, (m) => {
        if (m[0].length > 0) found.push({ start: m.index, end: m.index + m[0].length, sentence: sentenceIndexAt(p, m.index), modifier: null });
      });
    }
    this.cache.set(name, found);
    return found;
  }

  /** Concepts whose gate key starts some word of the turn: up to four look-ups per word, no strings made. */
  private openConcepts(): Set<string> {
    if (this.open) return this.open;
    const open = new Set<string>();
    const index = this.vocabulary.gateIndex;
    const low = this.prepared.low;
    forEachWord(low, (start, end) => {
      let code = 0;
      const stop = Math.min(end, start + GATE_LENGTH);
      for (let i = start; i < stop; i++) {
        const c = low.charCodeAt(i);
        if (c > 127) return;
        code = code * 128 + c;
        const names = index.get(code);
        if (names) for (const n of names) open.add(n);
      }
    });
    this.open = open;
    return open;
  }

  /** Adds a phrase list (a business's own vocabulary) as a concept. */
  addPhrases(name: string, phrases: readonly string[]): void {
    const p = this.prepared;
    const found: ConceptMatch[] = [];
    for (const phrase of phrases) {
      const needle = fold(phrase.trim());
      if (needle.length === 0) continue;
      let from = 0;
      for (;;) {
        const at = p.low.indexOf(needle, from);
        if (at < 0) break;
        from = at + 1;
        const end = at + needle.length;
        if (/\w/.test(p.low[at - 1] ?? ' ') || /\w/.test(p.low[end] ?? ' ')) continue;
        found.push({ start: at, end, sentence: sentenceIndexAt(p, at), modifier: null });
      }
    }
    this.cache.set(name, found);
  }

  /** Why a match does not count now, or undefined when it does. Computed once, on demand. */
  modifierOf(m: ConceptMatch): Modifier | undefined {
    if (m.modifier === null) {
      m.modifier = (this.modifiers ??= new ModifierIndex(this.prepared)).modifierAt(m.start, m.end, m.sentence);
    }
    return m.modifier;
  }

  isLive(m: ConceptMatch): boolean {
    return this.modifierOf(m) === undefined;
  }

  /** True when the concept is said and counts now (not negated, past, hypothetical or resolved). */
  live(name: string): boolean {
    return this.matches(name).some((m) => this.isLive(m));
  }
}

function entryMatches(scanner: ConceptScanner, entry: readonly string[], seasons: SeasonFlags): ConceptMatch[] | 'always' {
  if (entry.length === 1 && !(entry[0] as string).startsWith('$')) return scanner.matches(entry[0] as string);
  const out: ConceptMatch[] = [];
  for (const alt of entry) {
    if (alt === '$cold-season') {
      if (seasons.coldSeason) return 'always';
      continue;
    }
    if (alt === '$hot-season') {
      if (seasons.hotSeason) return 'always';
      continue;
    }
    out.push(...scanner.matches(alt));
  }
  return out;
}

function ruleHolds(
  rule: CompiledRule,
  scanner: ConceptScanner,
  seasons: SeasonFlags,
  liveOnly: boolean,
): boolean {
  const perEntry: Array<ConceptMatch[] | 'always'> = [];
  for (const e of rule.entries) {
    const ms = entryMatches(scanner, e, seasons);
    if (ms !== 'always' && ms.length === 0) return false;
    perEntry.push(ms);
  }
  const usable = (m: ConceptMatch): boolean => !liveOnly || scanner.isLive(m);
  const otherSense = (rule.unless ?? []).flatMap((name) => scanner.matches(name)).filter((m) => scanner.isLive(m));
  if (rule.scope === 'turn') return otherSense.length === 0 && perEntry.every((ms) => ms === 'always' || ms.some(usable));
  const sentences = scanner.prepared.sentences.length;
  for (let s = 0; s < sentences; s++) {
    if (otherSense.some((m) => m.sentence === s)) continue;
    if (perEntry.every((ms) => ms === 'always' || ms.some((m) => m.sentence === s && usable(m)))) return true;
  }
  return false;
}

function suppressedBy(rule: CompiledRule, scanner: ConceptScanner, seasons: SeasonFlags): SuppressedHazard | undefined {
  for (const e of rule.entries) {
    const ms = entryMatches(scanner, e, seasons);
    if (ms === 'always') continue;
    const blocked = ms.find((m) => !scanner.isLive(m));
    if (blocked && !ms.some((m) => scanner.isLive(m))) {
      const p = scanner.prepared;
      return { level: rule.level, reason: rule.reason, modifier: scanner.modifierOf(blocked) as Modifier, text: p.low.slice(blocked.start, blocked.end) };
    }
  }
  return undefined;
}

/**
 * Combination rules ('turn' scope, e.g. no heat + freezing + baby) checked across the recent
 * conversation: they count only if this turn itself says at least one of the parts.
 */
export function findCarriedHazards(joined: ConceptScanner, current: ConceptScanner, seasons: SeasonFlags): HazardHit[] {
  const hits: HazardHit[] = [];
  for (const rule of joined.vocabulary.rules) {
    if (rule.scope !== 'turn' || rule.level !== 'URGENT') continue;
    if (!ruleHolds(rule, joined, seasons, true)) continue;
    const contributes = rule.entries.some((e) => e.some((alt) => !alt.startsWith('$') && current.live(alt)));
    if (contributes) hits.push({ level: rule.level, reason: `${rule.reason} (with earlier turns)` });
  }
  return hits;
}

export interface HazardFindings {
  hits: HazardHit[];
  suppressed: SuppressedHazard[];
}

export function findHazards(
  scanner: ConceptScanner,
  seasons: SeasonFlags,
  extension: VocabularyExtension | undefined,
): HazardFindings {
  const hits: HazardHit[] = [];
  const suppressed: SuppressedHazard[] = [];
  let rules: readonly CompiledRule[] = scanner.vocabulary.rules;
  if (extension?.urgent?.length || extension?.high?.length) {
    const extra: CompiledRule[] = [];
    if (extension.urgent?.length) {
      scanner.addPhrases('@business-urgent', extension.urgent);
      extra.push(compileRule({ level: 'URGENT', reason: 'business emergency phrase', all: ['@business-urgent'] }));
    }
    if (extension.high?.length) {
      scanner.addPhrases('@business-high', extension.high);
      extra.push(compileRule({ level: 'HIGH', reason: 'business priority phrase', all: ['@business-high'] }));
    }
    rules = [...extra, ...rules];
  }
  for (const rule of rules) {
    if (ruleHolds(rule, scanner, seasons, true)) {
      hits.push({ level: rule.level, reason: rule.reason });
    } else if (ruleHolds(rule, scanner, seasons, false)) {
      const s = suppressedBy(rule, scanner, seasons);
      if (s) suppressed.push(s);
    }
  }
  return { hits, suppressed };
}
