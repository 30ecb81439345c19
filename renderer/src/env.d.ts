declare module '*.css';

/** Set by the Electron preload; absent when the console is opened in a browser. */
interface Window {
  leads?: { adminUrl: string; token: string };
}
