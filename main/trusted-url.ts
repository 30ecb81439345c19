/**
 * The console window may only show the admin console itself. Anything else (a link in a lead's message, a
 * redirect) opens in the user's browser if it is http(s), and nowhere otherwise.
 */
export function isTrustedUrl(url: string, adminUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(adminUrl).origin;
  } catch {
    return false;
  }
}

export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
