import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/database.js';

/**
 * A chat's bearer token: `v1.<chatId>.<businessId>.<signature>`, HMAC-SHA256 with a key that never leaves the
 * data folder. It proves the holder started this chat for this business, so a token from one business's
 * widget opens nothing of another's, and nobody can mint one for a chat id they guessed.
 */
export interface ChatTokens {
  issue(chatId: string, businessId: string): string;
  /** The chat and business the token was issued for, or undefined when it is not one of ours. */
  verify(token: string): { chatId: string; businessId: string } | undefined;
}

const keySetting = 'chat.token_key';
const idPattern = /^[0-9a-f-]{36}$/;

export function createChatTokens({ db }: { db: Db }): ChatTokens {
  const key = loadKey(db);
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    issue(chatId, businessId) {
      const body = `v1.${chatId}.${businessId}`;
      return `${body}.${sign(body)}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== 'v1') return undefined;
      const [, chatId, businessId, signature] = parts as [string, string, string, string];
      if (!idPattern.test(chatId) || !idPattern.test(businessId)) return undefined;
      const expected = Buffer.from(sign(`v1.${chatId}.${businessId}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return { chatId, businessId };
    },
  };
}

/** Made once per data folder and kept in `settings`, so tokens survive a restart (a reload resumes the chat). */
function loadKey(db: Db): Buffer {
  db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(keySetting, randomBytes(32).toString('hex'));
  const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(keySetting);
  return Buffer.from(row!.value, 'hex');
}
