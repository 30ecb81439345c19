import { describe, expect, it } from 'vitest';
import { analyze, analyzeConversation, mergeEntities, type AnalysisContext, type Turn } from './index.js';

const ctx: AnalysisContext = { industry: 'plumbing', timeZone: 'America/Chicago', now: '2026-01-14T10:00:00-06:00' };

describe('analyze', () => {
  it('accepts a bare string and keeps emergency === (priority === URGENT)', () => {
    const a = analyze('smells like gas in the kitchen', ctx);
    expect(a).toMatchObject({ emergency: true, priority: 'URGENT', intent: 'emergency' });
    expect(a.reasons).toContain('gas smell');
  });

  it('explains a suppressed danger in the reasons', () => {
    const a = analyze('no leak, just want a quote for a new toilet', ctx);
    expect(a.emergency).toBe(false);
    expect(a.reasons.some((r) => r.startsWith('negated:'))).toBe(true);
  });

  it('takes an unknown industry as generic', () => {
    expect(analyze('the outlet is sparking', { ...ctx, industry: 'bakery' }).priority).toBe('URGENT');
  });

  it('extends the vocabulary per business, with the same negation rules', () => {
    const vocabulary = { urgent: ['koi pond pump failed'], high: ['walk-in cooler warm'] };
    expect(analyze('the koi pond pump failed', { ...ctx, vocabulary }).priority).toBe('URGENT');
    expect(analyze('the koi pond pump failed last year', { ...ctx, vocabulary }).priority).not.toBe('URGENT');
    expect(analyze('our walk-in cooler warm again', { ...ctx, vocabulary }).priority).toBe('HIGH');
  });

  it('lowers the verdict when the caller takes the danger back', () => {
    const history: Turn[] = [{ text: 'water is pouring through the ceiling', channel: 'voice' }];
    const a = analyze({ text: 'actually it is not leaking anymore, we shut the valve', channel: 'voice' }, { ...ctx, history });
    expect(a.priority).not.toBe('URGENT');
    expect(a.reasons).toContain('de-escalated by caller');
  });

  it('completes a danger told across turns', () => {
    const history: Turn[] = [
      { text: 'our furnace quit overnight and it is 6 degrees out', channel: 'voice' },
      { text: 'can I get your name', channel: 'voice', role: 'agent' },
    ];
    const a = analyze({ text: 'and we have a newborn at home', channel: 'voice' }, { ...ctx, industry: 'hvac', history });
    expect(a.priority).toBe('URGENT');
  });
});

describe('analyzeConversation', () => {
  it('keeps an address said two turns ago among the conversation entities', () => {
    const turns: Turn[] = [
      { text: 'we are at 1420 Oak Street', channel: 'voice' },
      { text: 'what is the address again', channel: 'voice', role: 'agent' },
      { text: 'and my number is 512 555 0148', channel: 'voice' },
      { text: 'can you come tomorrow', channel: 'voice' },
    ];
    const c = analyzeConversation(turns, ctx);
    expect(c.turns).toHaveLength(3);
    expect(c.latest?.entities.map((e) => e.type)).toEqual(['date']);
    expect(c.entities.map((e) => e.value)).toEqual(['1420 Oak Street', '+15125550148', '2026-01-15']);
  });

  it('merges entity lists once per type and value', () => {
    const e = { type: 'phone' as const, value: '+15125550148', text: '512 555 0148' };
    expect(mergeEntities([[e], [{ ...e, text: 'five one two...' }]])).toHaveLength(1);
  });
});
