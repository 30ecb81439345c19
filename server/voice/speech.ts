import { randomBytes } from 'node:crypto';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../log/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** A TwiML element that can hold <Play> and <Say>: <Response> or <Gather>. */
export type TwimlParent = Pick<VoiceResponse, 'play' | 'say'>;
export type SayLanguage = NonNullable<VoiceResponse.SayAttributes['language']>;
type SayVoice = NonNullable<VoiceResponse.SayAttributes['voice']>;

/** Something the fallback flow says: plain words, optionally urgent, optionally after a short interjection. */
export interface Prompt {
  text: string;
  /** "Got it.", "Alright."… said first, with a short pause after (seed 4.1: natural conversation flow). */
  interjection?: string;
  /** Spoken with emphasis (emergencies). */
  urgent?: boolean;
}

export interface Speech {
  /**
   * Adds the prompt to a TwiML parent: `<Play>` of OpenAI TTS audio when the API answers in time, otherwise
   * `<Say>` with SSML (Amazon Polly voice: pauses, emphasis on emergencies).
   */
  render(parent: TwimlParent, prompt: Prompt, language: string): Promise<void>;
  /** The audio behind a short-lived, unguessable /twilio/audio/:id URL. */
  audio(id: string): Buffer | undefined;
}

/** Polly standard voices: the ones whose SSML includes <emphasis> (neural ones ignore it). */
const pollyVoices: Record<string, { voice: string; language: string }> = {
  en: { voice: 'Polly.Joanna', language: 'en-US' },
  es: { voice: 'Polly.Lupe', language: 'es-US' },
  fr: { voice: 'Polly.Celine', language: 'fr-FR' },
  de: { voice: 'Polly.Vicki', language: 'de-DE' },
};

const audioTtlMs = 10 * 60_000;
const ttsTimeoutMs = 3000;
/** After a TTS failure, calls use <Say> for a while instead of waiting on a dead API for every prompt. */
const ttsBackoffMs = 60_000;

export function createSpeech({
  config,
  secrets,
  publicUrl,
  log,
  clock = systemClock,
  fetch: fetchImpl = fetch,
}: {
  config: Config;
  secrets: SecretStore;
  publicUrl: () => string | undefined;
  log: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
}): Speech {
  const stored = new Map<string, { body: Buffer; expires: number }>();
  const byText = new Map<string, string>();
  let ttsDownUntil = 0;

  function prune(now: number): void {
    for (const [id, entry] of stored) {
      if (entry.expires > now) continue;
      stored.delete(id);
    }
    for (const [text, id] of byText) if (!stored.has(id)) byText.delete(text);
  }

  /** The URL of TTS audio for these words, or undefined when TTS cannot be had quickly. */
  async function ttsUrl(words: string): Promise<string | undefined> {
    const now = clock.now();
    prune(now);
    const base = publicUrl();
    if (!base || now < ttsDownUntil) return undefined;
    const key = `${config.openai.ttsVoice}|${words}`;
    const cached = byText.get(key);
    // Reuse recent audio for the same words (the same questions come up in every call).
    if (cached && (stored.get(cached)?.expires ?? 0) > now + 60_000) return `${base}/twilio/audio/${cached}`;
    const apiKey = await secrets.get('OPENAI_API_KEY');
    if (!apiKey) return undefined;
    try {
      const response = await fetchImpl(`${config.openai.baseUrl}/audio/speech`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: config.openai.ttsModel,
          voice: config.openai.ttsVoice,
          input: words,
          response_format: 'mp3',
          instructions: 'A warm, clear receptionist on a phone line. Natural pace.',
        }),
        signal: AbortSignal.timeout(ttsTimeoutMs),
      });
      if (!response.ok) throw new Error(`TTS answered HTTP ${response.status}`);
      const body = Buffer.from(await response.arrayBuffer());
      if (body.length === 0) throw new Error('TTS answered with no audio');
      const id = `${randomBytes(18).toString('base64url')}.mp3`;
      stored.set(id, { body, expires: clock.now() + audioTtlMs });
      byText.set(key, id);
      return `${base}/twilio/audio/${id}`;
    } catch (error) {
      ttsDownUntil = clock.now() + ttsBackoffMs;
      log.warn({ err: error }, 'text-to-speech failed; speaking with <Say> instead');
      return undefined;
    }
  }

  return {
    async render(parent, prompt, language) {
      const url = await ttsUrl([prompt.interjection, prompt.text].filter(Boolean).join(' '));
      if (url) {
        parent.play(url);
        return;
      }
      const polly = pollyVoices[language.slice(0, 2)];
      if (!polly) {
        // No SSML-capable voice we know for this language: plain words in the caller's language.
        parent.say({ language: language as SayLanguage }, [prompt.interjection, prompt.text].filter(Boolean).join(' '));
        return;
      }
      const say = parent.say({ voice: polly.voice as SayVoice, language: polly.language as SayLanguage }, '');
      if (prompt.interjection) {
        say.addText(prompt.interjection);
        say.break({ time: '300ms' });
      }
      if (prompt.urgent) say.emphasis({ level: 'strong' }, prompt.text);
      else say.addText(prompt.text);
    },
    audio(id) {
      const entry = stored.get(id);
      if (!entry || entry.expires <= clock.now()) return undefined;
      return entry.body;
    },
  };
}
