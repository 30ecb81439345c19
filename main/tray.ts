import { app, Menu, Notification, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { ConsoleEvent } from './events-client.js';

export interface TrayActions {
  openConsole(): void;
  quit(): void;
}

interface AlertEventData {
  lead?: { id?: string; callerPhone?: string | null; address?: string | null };
  reason?: string;
  businessName?: string;
}

/**
 * The tray icon with its menu (Linux trays may not report clicks, so everything is in the menu), and native
 * notifications for emergencies: an owner with the window closed still hears about a burst pipe.
 */
export function createTray(resourcesDir: string, actions: TrayActions): { notify(event: ConsoleEvent): void; destroy(): void } {
  const icon = nativeImage.createFromPath(join(resourcesDir, 'tray.png'));
  const tray = new Tray(icon);
  tray.setToolTip('Leads Agent');
  const menu = () =>
    Menu.buildFromTemplate([
      { label: 'Open console', click: actions.openConsole },
      {
        label: 'Start at login',
        type: 'checkbox',
        checked: app.getLoginItemSettings().openAtLogin,
        click: (item) => {
          app.setLoginItemSettings({ openAtLogin: item.checked });
        },
      },
      { type: 'separator' },
      { label: 'Quit Leads Agent', click: actions.quit },
    ]);
  tray.setContextMenu(menu());
  tray.on('click', actions.openConsole);

  return {
    notify(event) {
      // An escalation is an emergency nobody has acknowledged yet: the owner hears about it again.
      if (event.type !== 'alert.raised' && event.type !== 'alert.escalated') return;
      const data = (event.data ?? {}) as AlertEventData;
      const body = [data.reason, data.lead?.address, data.lead?.callerPhone].filter(Boolean).join(' · ');
      const notification = new Notification({
        title: `${event.type === 'alert.escalated' ? 'Still unacknowledged: emergency' : 'Emergency'}${data.businessName ? ` at ${data.businessName}` : ''}`,
        body: body || 'A caller needs help now.',
        urgency: 'critical',
        silent: false,
      });
      notification.on('click', actions.openConsole);
      notification.show();
    },
    destroy: () => tray.destroy(),
  };
}
