import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { bridgeChannel, type LeadsBridge } from './bridge.js';
import { followEvents, type EventsClient } from './events-client.js';
import { findNodeBinary } from './node-binary.js';
import { denyPermissions, hardenWindow } from './security.js';
import { createSupervisor, type ServerInfo } from './supervisor.js';
import { createTray } from './tray.js';
import { isTrustedUrl } from './trusted-url.js';

/**
 * The desktop shell: a window on the admin console, a tray with emergency notifications, and a supervised
 * server child process. No business logic lives here.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const appRoot = app.getAppPath();
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(appRoot, 'resources');

let server: ServerInfo | undefined;
let window: BrowserWindow | undefined;
let events: EventsClient | undefined;
let quitting = false;
const lastErrors: string[] = [];

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showConsole());
  void app.whenReady().then(start);
}

function start(): void {
  denyPermissions(session.defaultSession);
  // The one IPC channel: only the console page itself gets the admin address and token.
  ipcMain.on(bridgeChannel, (event) => {
    const trusted = server && isTrustedUrl(event.senderFrame?.url ?? '', server.adminUrl);
    event.returnValue = trusted && server ? ({ adminUrl: server.adminUrl, token: server.adminToken } satisfies LeadsBridge) : null;
  });

  const tray = createTray(resourcesDir, { openConsole: showConsole, quit: () => app.quit() });
  const supervisor = createSupervisor({
    node: findNodeBinary(process.env, app.isPackaged ? process.resourcesPath : undefined),
    script: join(appRoot, 'dist', 'server', 'cli.js'),
    env: { ...process.env, LEADS_DATA_DIR: process.env.LEADS_DATA_DIR ?? app.getPath('userData'), ELECTRON_RUN_AS_NODE: undefined },
    onStarted(info) {
      server = info;
      events?.close();
      events = followEvents(info.adminUrl, info.adminToken, (event) => tray.notify(event));
      if (window) void window.loadURL(`${info.adminUrl}/`);
      else showConsole();
    },
    onExit({ code, restartInMs }) {
      server = undefined;
      if (quitting) return;
      if (restartInMs === null) {
        dialog.showErrorBox('Leads Agent cannot start', lastErrors.slice(-3).join('\n') || `The server stopped (exit code ${code}).`);
        app.quit();
      }
    },
    onOutput(line, stream) {
      if (stream === 'stderr') lastErrors.push(line.replace(/^leads-agent: /, ''));
      if (lastErrors.length > 20) lastErrors.shift();
    },
  });
  supervisor.start();

  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    events?.close();
    tray.destroy();
    void supervisor.stop().finally(() => app.quit());
  });
  // Closing the window keeps the appliance answering calls; Quit is in the tray menu.
  app.on('window-all-closed', () => undefined);
}

function showConsole(): void {
  if (window) {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return;
  }
  if (!server) return;
  window = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'Leads Agent',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  hardenWindow(window, () => server?.adminUrl);
  window.on('closed', () => (window = undefined));
  void window.loadURL(`${server.adminUrl}/`);
}
