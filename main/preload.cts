// Sandboxed preloads cannot be ES modules, hence .cts. It hands the console two values and nothing else.
import electron = require('electron');
import type { LeadsBridge } from './bridge.js';

// Kept in step with bridge.ts: a sandboxed preload can only require electron, not our own modules.
const bridgeChannel = 'leads:bridge';

const { contextBridge, ipcRenderer } = electron;

const bridge = ipcRenderer.sendSync(bridgeChannel) as LeadsBridge | null;
if (bridge) {
  contextBridge.exposeInMainWorld('leads', { adminUrl: bridge.adminUrl, token: bridge.token } satisfies LeadsBridge);
}
