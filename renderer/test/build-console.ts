import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Builds the console into `outDir` the way `npm run build` does, so a test serves what users get. */
export async function buildConsole(outDir: string): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}
