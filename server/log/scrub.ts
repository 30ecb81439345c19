/**
 * The last line of defence before a log line is written: redaction by field name cannot catch a secret that
 * ended up inside a message or an error text, so every known secret value is replaced wherever it appears,
 * and phone numbers are masked (a caller's number is personal data; the last four digits are enough to
 * tell calls apart in a log).
 */
export interface Scrubber {
  /** Registers a secret value (API key, auth token) so it never appears in a log line. */
  add(secret: string | undefined): void;
  scrub(line: string): string;
}

const e164 = /\+\d{7,15}\b/g;

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '***';
  return `+${digits.slice(0, digits.length - 7)}***${digits.slice(-4)}`;
}

export function createScrubber(): Scrubber {
  const secrets = new Set<string>();
  return {
    add(secret) {
      // Very short values would blank out ordinary words; config refuses secrets that short anyway.
      if (secret && secret.length >= 6) secrets.add(secret);
    },
    scrub(line) {
      let out = line;
      for (const secret of secrets) {
        if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
      }
      return out.replace(e164, maskPhone);
    },
  };
}
