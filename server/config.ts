import { homedir } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';

/**
 * The appliance's whole configuration, read once from the environment at start.
 * Nothing below this module reads `process.env`: everything else receives a Config.
 */
export interface Config {
  readonly dataDir: string;
  readonly publicPort: number;
  readonly adminPort: number;
  /** Interface the public listener binds to. The admin listener is always loopback-only. */
  readonly bindHost: string;
  readonly adminToken: string | undefined;
  /** The address Twilio and website visitors use (the tunnel's); signatures are checked against it. */
  readonly publicUrl: string | undefined;
  readonly openai: {
    readonly apiKey: string | undefined;
    readonly baseUrl: string;
    readonly realtimeUrl: string;
    readonly realtimeModel: string;
    /** Transcribes the caller's side of a call (the realtime model hears audio; this writes it down). */
    readonly transcriptionModel: string;
    /** Speaks the fallback call flow's prompts when the Realtime API is not there. */
    readonly ttsModel: string;
    readonly ttsVoice: string;
    /** Model of the website chat (Chat Completions, streamed). */
    readonly chatModel: string;
    /** Knowledge-base embeddings through `${baseUrl}/embeddings` (any OpenAI-compatible server). */
    readonly embeddingModel: string;
  };
  readonly knowledge: {
    /** Cosine similarity at which a vector hit counts as an answer; unset: the model's known default. */
    readonly minSimilarity: number | undefined;
  };
  readonly twilio: {
    readonly accountSid: string | undefined;
    readonly authToken: string | undefined;
    readonly apiBase: string;
  };
  readonly redisUrl: string | undefined;
  readonly smtpUrl: string | undefined;
  /** The From address of alert emails; defaults to the SMTP user when that is an address. */
  readonly smtpFrom: string | undefined;
  readonly ngrok: { readonly authtoken: string | undefined; readonly domain: string | undefined };
  readonly logLevel: LogLevel;
  readonly maxInMemorySessions: number;
  readonly sessionTimeoutMs: number;
  readonly maxMemoryUsageMb: number;
  readonly memoryLog: boolean;
  readonly nodeEnv: string;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export type Env = Readonly<Record<string, string | undefined>>;

/** A bad value in the environment: the message names the variable and what it expects. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got?: string,
  ) {
    super(`${variable} must be ${expected}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`);
    this.name = 'ConfigError';
  }
}

type Parser<T> = (raw: string, name: string) => T;

function read<T>(env: Env, name: string, parse: Parser<T>, fallback: T): T;
function read<T>(env: Env, name: string, parse: Parser<T>): T | undefined;
function read<T>(env: Env, name: string, parse: Parser<T>, fallback?: T): T | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  return parse(raw, name);
}

const text: Parser<string> = (raw) => raw;

/** Secrets are never echoed back, even in an error. */
const secret =
  (minLength: number, what: string): Parser<string> =>
  (raw, name) => {
    if (raw.length < minLength || /\s/.test(raw)) throw new ConfigError(name, what);
    return raw;
  };

const port: Parser<number> = (raw, name) => {
  const n = Number(raw);
  // 0 asks the OS for a free port (tests, several instances on one box).
  if (!/^\d+$/.test(raw) || n > 65535) throw new ConfigError(name, 'a port number from 0 to 65535', raw);
  return n;
};

const positiveInt: Parser<number> = (raw, name) => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1) throw new ConfigError(name, 'a whole number greater than 0', raw);
  return n;
};

const fraction: Parser<number> = (raw, name) => {
  const n = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || n < 0 || n > 1) throw new ConfigError(name, 'a number from 0 to 1, such as 0.35', raw);
  return n;
};

const ipAddress: Parser<string> = (raw, name) => {
  if (isIP(raw) === 0) throw new ConfigError(name, 'an IP address such as 127.0.0.1 or 0.0.0.0', raw);
  return raw;
};

const url =
  (protocols: string[]): Parser<string> =>
  (raw, name) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError(name, `a URL starting with ${protocols.join(' or ')}`, raw);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, '') + '://')) {
      throw new ConfigError(name, `a URL starting with ${protocols.join(' or ')}`, raw);
    }
    return raw.replace(/\/+$/, '');
  };

/** A URL that may carry a password: the error never repeats it. */
const urlWithCredentials =
  (protocols: string[]): Parser<string> =>
  (raw, name) => {
    try {
      return url(protocols)(raw, name);
    } catch {
      throw new ConfigError(name, `a URL starting with ${protocols.join(' or ')}`);
    }
  };

const publicUrl: Parser<string> = (raw, name) => {
  const value = url(['https://', 'http://'])(raw, name);
  const parsed = new URL(value);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
    throw new ConfigError(name, 'an origin without a path, such as https://example.ngrok.app', raw);
  }
  return value;
};

const logLevel: Parser<LogLevel> = (raw, name) => {
  const value = raw.toLowerCase();
  if (!(logLevels as readonly string[]).includes(value)) throw new ConfigError(name, `one of ${logLevels.join(', ')}`, raw);
  return value as LogLevel;
};

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** A bare number is milliseconds (as in the original deployment); a unit may be given: 30m, 90s, 1h. */
const duration: Parser<number> = (raw, name) => {
  const match = /^(\d+)\s*(ms|s|m|min|h)?$/i.exec(raw);
  const n = match ? Number(match[1]) * (units[(match[2] ?? 'ms').toLowerCase()] ?? 1) : NaN;
  if (!match || n < 1000) throw new ConfigError(name, 'a duration of at least 1 s, in milliseconds or with a unit (90s, 30m, 1h)', raw);
  return n;
};

/** MB, optionally written with the unit: 1536 or 1536MB. */
const megabytes: Parser<number> = (raw, name) => {
  const match = /^(\d+)\s*(mb)?$/i.exec(raw);
  const n = match ? Number(match[1]) : NaN;
  if (!match || n < 16) throw new ConfigError(name, 'a size in MB of at least 16, such as 1536', raw);
  return n;
};

const flag: Parser<boolean> = (raw, name) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, '1 or 0', raw);
};

const twilioSid: Parser<string> = (raw, name) => {
  if (!/^AC[0-9a-fA-F]{32}$/.test(raw)) throw new ConfigError(name, 'a Twilio Account SID (AC followed by 32 hex digits)', raw);
  return raw;
};

/** An address, optionally with a display name: alerts@acme.example or "Acme Alerts <alerts@acme.example>". */
const mailbox: Parser<string> = (raw, name) => {
  if (!/^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw)) {
    throw new ConfigError(name, 'an email address, optionally as "Name <address>"', raw);
  }
  return raw;
};

const hostname: Parser<string> = (raw, name) => {
  if (!/^[a-z0-9.-]+$/i.test(raw)) throw new ConfigError(name, 'a host name such as example.ngrok.app', raw);
  return raw;
};

export function defaultDataDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Leads Agent');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Leads Agent');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'leads-agent');
}

/** Parses and freezes the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env): Config {
  const config: Config = {
    dataDir: read(env, 'LEADS_DATA_DIR', text, defaultDataDir(env)),
    publicPort: read(env, 'PUBLIC_PORT', port, 3210),
    adminPort: read(env, 'ADMIN_PORT', port, 3211),
    bindHost: read(env, 'BIND_HOST', ipAddress, '127.0.0.1'),
    adminToken: read(env, 'ADMIN_TOKEN', secret(16, 'at least 16 characters without spaces')),
    publicUrl: read(env, 'PUBLIC_URL', publicUrl),
    openai: {
      apiKey: read(env, 'OPENAI_API_KEY', secret(8, 'an API key without spaces')),
      baseUrl: read(env, 'OPENAI_BASE_URL', url(['https://', 'http://']), 'https://api.openai.com/v1'),
      realtimeUrl: read(env, 'OPENAI_REALTIME_URL', url(['wss://', 'ws://']), 'wss://api.openai.com/v1/realtime'),
      realtimeModel: read(env, 'OPENAI_REALTIME_MODEL', text, 'gpt-realtime'),
      transcriptionModel: read(env, 'OPENAI_TRANSCRIPTION_MODEL', text, 'gpt-4o-mini-transcribe'),
      ttsModel: read(env, 'OPENAI_TTS_MODEL', text, 'gpt-4o-mini-tts'),
      ttsVoice: read(env, 'OPENAI_TTS_VOICE', text, 'nova'),
      chatModel: read(env, 'OPENAI_CHAT_MODEL', text, 'gpt-4.1-mini'),
      embeddingModel: read(env, 'OPENAI_EMBEDDING_MODEL', text, 'text-embedding-3-small'),
    },
    knowledge: {
      minSimilarity: read(env, 'KB_MIN_SIMILARITY', fraction),
    },
    twilio: {
      accountSid: read(env, 'TWILIO_ACCOUNT_SID', twilioSid),
      authToken: read(env, 'TWILIO_AUTH_TOKEN', secret(8, 'an auth token without spaces')),
      apiBase: read(env, 'TWILIO_API_BASE', url(['https://', 'http://']), 'https://api.twilio.com'),
    },
    redisUrl: read(env, 'REDIS_URL', urlWithCredentials(['redis://', 'rediss://'])),
    smtpUrl: read(env, 'SMTP_URL', urlWithCredentials(['smtp://', 'smtps://'])),
    smtpFrom: read(env, 'SMTP_FROM', mailbox),
    ngrok: {
      authtoken: read(env, 'NGROK_AUTHTOKEN', secret(8, 'an authtoken without spaces')),
      domain: read(env, 'NGROK_DOMAIN', hostname),
    },
    logLevel: read(env, 'LOG_LEVEL', logLevel, 'info'),
    maxInMemorySessions: read(env, 'MAX_IN_MEMORY_SESSIONS', positiveInt, 100),
    sessionTimeoutMs: read(env, 'SESSION_TIMEOUT', duration, 30 * 60_000),
    maxMemoryUsageMb: read(env, 'MAX_MEMORY_USAGE', megabytes, 1536),
    memoryLog: read(env, 'MEMORY_LOG', flag, false),
    nodeEnv: read(env, 'NODE_ENV', text, 'production'),
  };
  if (config.publicPort !== 0 && config.publicPort === config.adminPort) {
    throw new ConfigError('ADMIN_PORT', 'different from PUBLIC_PORT', String(config.adminPort));
  }
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
