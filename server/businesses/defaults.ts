import type { BusinessSettings } from './schemas.js';

/**
 * Settings a business has until its owner changes them. Only overrides are stored, so defaults that mention
 * the business follow a change of name.
 */
export function defaultSettings(name: string): BusinessSettings {
  return {
    voice: {
      voice: 'marin',
      language: 'en',
      vad: { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500 },
      messages: {
        leadComplete: `Thank you, I have everything I need. Someone from ${name} will get back to you shortly.`,
        emergency: `I understand this is an emergency. I am alerting ${name} right now.`,
        endCall: `Thanks for calling ${name}. Goodbye!`,
        unavailable: `Thanks for calling ${name}. We can't take your call right now, but we have your number and will call you back shortly.`,
      },
    },
    widget: {
      title: name,
      greeting: 'Hi! How can we help you today?',
      color: '#1f6feb',
      position: 'bottom-right',
      hideBranding: false,
    },
    alerts: {
      escalationMinutes: 5,
      repeatMinutes: 10,
      maxRepeats: 3,
      call: true,
      sms: true,
      email: true,
      dailyDigest: false,
    },
    vocabulary: { urgent: [], high: [] },
  };
}

export function defaultGreeting(name: string): string {
  return `Thanks for calling ${name}. How can I help you today?`;
}

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key; arrays and scalars replace. */
export function mergeDeep<T>(base: T, patch: unknown): T {
  if (!isPlain(base) || !isPlain(patch)) return (patch === undefined ? base : patch) as T;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) out[key] = mergeDeep(out[key], value);
  }
  return out as T;
}
