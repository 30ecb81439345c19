import { analyzeTurn } from './analyze.js';
import { PRIORITY_RANK, type Analysis, type AnalysisContext, type Entity, type Priority, type Turn } from './types.js';

export interface ConversationAnalysis {
  /** One analysis per customer turn, in order (agent turns are skipped). */
  turns: Analysis[];
  /** The latest customer turn's analysis, or undefined when there is none. */
  latest: Analysis | undefined;
  /** The highest priority any customer turn reached. */
  peakPriority: Priority;
  /** Entities from every customer turn, one per type+value. */
  entities: Entity[];
}

/** Union of entity lists, one per type+value (case-insensitive), earliest first. */
export function mergeEntities(lists: readonly (readonly Entity[])[]): Entity[] {
  const seen = new Set<string>();
  const out: Entity[] = [];
  for (const list of lists) {
    for (const e of list) {
      const key = `${e.type}\u0000${e.value.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

/** Analyses each customer turn with the turns before it as history. `context.history` is ignored. */
export function analyzeConversation(turns: readonly Turn[], context: Omit<AnalysisContext, 'history'>): ConversationAnalysis {
  const results: Analysis[] = [];
  let peak: Priority = 'LOW';
  turns.forEach((turn, i) => {
    if (turn.role === 'agent') return;
    const a = analyzeTurn(turn, { ...context, now: turn.at ?? context.now, history: turns.slice(0, i) });
    results.push(a);
    if (PRIORITY_RANK[a.priority] > PRIORITY_RANK[peak]) peak = a.priority;
  });
  return {
    turns: results,
    latest: results[results.length - 1],
    peakPriority: peak,
    entities: mergeEntities(results.map((r) => r.entities)),
  };
}
