import type { Intent } from '../types.js';
import type { PreparedText } from '../text/prepare.js';
import {
  BILL_OR_WORK,
  BILLING_DISPUTE,
  BOOKING,
  CANCEL,
  CANCEL_HYPOTHETICAL,
  COMPLAINT,
  EXISTING_QUOTE,
  FOLLOW_UP,
  OPT_OUT,
  OTHER_STRONG,
  PERSONAL_NEED,
  PRAISE,
  PRICE_PRAISE,
  PRICE_QUESTION,
  SARCASM_EMOJI,
  SERVICE_REFERENCE,
  STILL_PROBLEM,
  QUESTION,
  QUOTE,
  THANKS,
  WORK_REQUEST,
} from './intent-cues.js';

const NEAR_TERM_ASK = /\b(today|tonight|tomorrow|tmrw|asap|this (afternoon|evening|week)|hoy|manana)\b[^.?!]{0,15}\?|\b(how soon|when can)\b/;

const STRONG_QUESTION = /\?|(^|[.!]\s+)(do|does|is|are|can|could|would|what|how|when|where|why|which|who|should|will)\b|\b(what (could|would|might|is|does) (that|it|this) (be|mean)|wondering|curious|question|is (that|it|this) (normal|something|bad|safe|ok|okay|a problem|dangerous)|should (i|we) (be )?(worried|concerned)|something to worry about|do (i|we) need to|do you (know|think)|debo|puedo|deberia|que hago|es normal)\b/;

export interface IntentVerdict {
  intent: Intent;
  confidence: number;
}

/**
 * Picks one intent. The dataset's rule: when several apply, emergency > cancel > complaint > booking >
 * quote > follow_up > question > other, so cues are tried in that order and the first that holds wins
 * (which also spares the regexes after it). `hasProblem` is a live problem description: said without an
 * explicit ask, callers mean it as a request for a visit.
 */
export function classifyIntent(p: PreparedText, emergency: boolean, hasProblem: boolean): IntentVerdict {
  if (emergency) return { intent: 'emergency', confidence: 0.95 };
  const low = p.low;
  const optOut = OPT_OUT.test(low);
  if (!optOut && CANCEL.test(low) && !CANCEL_HYPOTHETICAL.test(low)) return { intent: 'cancel', confidence: 0.9 };
  if (
    COMPLAINT.test(low) ||
    BILLING_DISPUTE.test(low) ||
    (STILL_PROBLEM.test(low) && SERVICE_REFERENCE.test(low)) ||
    (SARCASM_EMOJI.test(low) && BILL_OR_WORK.test(low))
  ) {
    return { intent: 'complaint', confidence: 0.8 };
  }
  if (THANKS.test(low) && PRAISE.test(low) && !QUESTION.test(low)) return { intent: 'other', confidence: 0.8 };
  // Spam, sales, job seekers and opt-outs are "other" even when phrased as a question or a request.
  if (optOut || OTHER_STRONG.test(low)) return { intent: 'other', confidence: 0.85 };
  if (BOOKING.test(low)) return { intent: 'booking', confidence: 0.85 };
  // "best deal in town lol": a remark about prices, with no question and no need of the caller's own.
  if (PRICE_PRAISE.test(low) && !STRONG_QUESTION.test(low) && !PERSONAL_NEED.test(low) && !WORK_REQUEST.test(low)) {
    return { intent: 'other', confidence: 0.6 };
  }
  const existingQuote = EXISTING_QUOTE.test(low) && !PRICE_QUESTION.test(low);
  if (!existingQuote && QUOTE.test(low)) return { intent: 'quote', confidence: 0.85 };
  if (WORK_REQUEST.test(low)) return { intent: 'booking', confidence: 0.7 };
  if (existingQuote || FOLLOW_UP.test(low)) return { intent: 'follow_up', confidence: 0.8 };
  if (QUESTION.test(low)) {
    // "drain's backed up... today or tomorrow?": a problem plus a when-question asks for a visit; so does
    // a problem statement whose only question cue is a stray "why" or "what".
    if (hasProblem && (NEAR_TERM_ASK.test(low) || !STRONG_QUESTION.test(low))) return { intent: 'booking', confidence: 0.6 };
    return { intent: 'question', confidence: 0.8 };
  }
  if (THANKS.test(low) && !hasProblem) return { intent: 'other', confidence: 0.8 };
  if (hasProblem || PERSONAL_NEED.test(low)) return { intent: 'booking', confidence: 0.5 };
  return { intent: 'other', confidence: THANKS.test(low) ? 0.8 : 0.4 };
}
