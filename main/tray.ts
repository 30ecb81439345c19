import { app, Menu, Notification, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import { alertNotice } from './alert-notice.js';
import type { ConsoleEvent } from './events-client.js';

export interface TrayActions {
  openConsole(): void;
  quit(): void;
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
      const notice = alertNotice(event);
      if (!notice) return;
      const notification = new Notification({ ...notice, urgency: 'critical', silent: false });
      notification.on('click', actions.openConsole);
      notification.show();
    },
    destroy: () => tray.destroy(),
  };
}
