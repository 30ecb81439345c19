import type { Intent } from '../types.js';
import type { PreparedText } from '../text/prepare.js';
import {
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
  PRICE_QUESTION,
  SERVICE_REFERENCE,
  STILL_PROBLEM,
  QUESTION,
  QUOTE,
  THANKS,
  WORK_REQUEST,
} from './intent-cues.js';

const NEAR_TERM_ASK = /\b(today|tonight|tomorrow|tmrw|asap|this (afternoon|evening|week)|hoy|manana)\b[^.?!]{0,15}\?|\b(how soon|when can)\b/;

const STRONG_QUESTION = /\?|(^|[.!]\s+)(do|does|is|are|can|could|would|what|how|when|where|why|which|who|should|will)\b|\b(wondering|curious|question|is (that|it|this) (normal|something|bad|safe|ok|okay|a problem|dangerous)|should (i|we) (be )?(worried|concerned)|something to worry about|do (i|we) need to|do you (know|think)|debo|puedo|deberia|que hago|es normal)\b/;

export interface IntentVerdict {
  intent: Intent;
  confidence: number;
  /** Every intent whose cues were present, in label-priority order. */
  cues: Intent[];
}

/**
 * Picks one intent. The dataset's rule: when several apply, emergency > cancel > complaint > booking >
 * quote > follow_up > question > other. `hasProblem` is a live problem description with no explicit ask,
 * which callers mean as a request for a visit.
 */
export function classifyIntent(p: PreparedText, emergency: boolean, hasProblem: boolean): IntentVerdict {
  const low = p.low;
  const cues: Intent[] = [];
  if (emergency) cues.push('emergency');
  const optOut = OPT_OUT.test(low);
  if (CANCEL.test(low) && !CANCEL_HYPOTHETICAL.test(low) && !optOut) cues.push('cancel');
  if (COMPLAINT.test(low) || BILLING_DISPUTE.test(low) || (STILL_PROBLEM.test(low) && SERVICE_REFERENCE.test(low))) cues.push('complaint');
  if (BOOKING.test(low)) cues.push('booking');
  const existingQuote = EXISTING_QUOTE.test(low) && !PRICE_QUESTION.test(low);
  if (QUOTE.test(low) && !existingQuote) cues.push('quote');
  if (!cues.includes('booking') && WORK_REQUEST.test(low)) cues.push('booking');
  if (FOLLOW_UP.test(low) || existingQuote) cues.push('follow_up');
  if (QUESTION.test(low)) cues.push('question');

  if (emergency) return { intent: 'emergency', confidence: 0.95, cues };
  const strongOther = OTHER_STRONG.test(low) || optOut;
  if (strongOther && !cues.includes('cancel') && !cues.includes('complaint')) {
    return { intent: 'other', confidence: 0.85, cues: [...cues, 'other'] };
  }
  // "drain's backed up... today or tomorrow?": a problem plus a when-question is a request for a visit.
  if (hasProblem && cues[0] === 'question' && NEAR_TERM_ASK.test(low)) {
    return { intent: 'booking', confidence: 0.7, cues: ['booking', ...cues] };
  }
  // A problem statement whose only question cue is a stray "why" or "what" is a request for a visit.
  if (hasProblem && cues[0] === 'question' && !STRONG_QUESTION.test(low)) {
    return { intent: 'booking', confidence: 0.55, cues: ['booking', ...cues] };
  }
  const first = cues[0];
  if (first) {
    const confidence = cues.length === 1 ? 0.85 : first === 'question' ? 0.6 : 0.75;
    return { intent: first, confidence, cues };
  }
  if (hasProblem || PERSONAL_NEED.test(low)) return { intent: 'booking', confidence: 0.5, cues: ['booking'] };
  return { intent: 'other', confidence: THANKS.test(low) ? 0.8 : 0.4, cues: ['other'] };
}
