import { shell, type BrowserWindow, type Session } from 'electron';
import { isExternalWebUrl, isTrustedUrl } from './trusted-url.js';

/**
 * The console window shows the admin console and nothing else (electronjs.org/docs/latest/tutorial/security):
 * no navigation away, new windows open in the user's browser (http/https only), no permission is granted.
 */
export function hardenWindow(window: BrowserWindow, adminUrl: () => string | undefined): void {
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    const admin = adminUrl();
    if (!admin || !isTrustedUrl(url, admin)) {
      event.preventDefault();
      if (isExternalWebUrl(url)) void shell.openExternal(url);
    }
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
