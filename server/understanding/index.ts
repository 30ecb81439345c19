// Public surface of the analyser: `analyze` for one customer turn, `analyzeConversation` for a whole
// conversation.
//
// Entities: `analyze(turn, ctx).entities` holds only what THIS turn said. `ctx.history` is used for the
// verdict (a danger told in pieces across turns; a later "actually it's not leaking anymore" lowers
// that turn's verdict), never to repeat earlier entities. A caller that keeps the conversation merges
// entities itself, or calls `analyzeConversation(turns, ctx)`, whose `entities` is the union over all
// customer turns (one per type+value, first mention first; an address given two turns ago stays).
// Priority per turn only; keeping a lead's stored priority from falling is the lead service's job.
export type {
  Analysis,
  AnalysisContext,
  Entity,
  EntityType,
  Intent,
  Priority,
  Turn,
  VocabularyExtension,
} from './types.js';
export { analyzeTurn as analyze } from './analyze.js';
export { analyzeConversation, mergeEntities, type ConversationAnalysis } from './conversation.js';
