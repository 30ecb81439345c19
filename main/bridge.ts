/** What the preload hands the console: the admin API's address and token, nothing else. */
export interface LeadsBridge {
  adminUrl: string;
  token: string;
}

/** The one IPC channel: the preload asks for the bridge values once, synchronously, at load. */
export const bridgeChannel = 'leads:bridge';
