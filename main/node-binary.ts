import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server runs under plain Node, not Electron, so native modules built for Node's ABI (better-sqlite3)
 * load as they do in `npm run serve`. A packaged app ships its own Node in resources/node; in development
 * the `node` on PATH is used. LEADS_NODE overrides both.
 */
export function findNodeBinary(env: NodeJS.ProcessEnv, resourcesPath: string | undefined, platform = process.platform): string {
  if (env.LEADS_NODE) return env.LEADS_NODE;
  if (resourcesPath) {
    const bundled = join(resourcesPath, 'node', platform === 'win32' ? 'node.exe' : join('bin', 'node'));
    if (existsSync(bundled)) return bundled;
  }
  return platform === 'win32' ? 'node.exe' : 'node';
}
