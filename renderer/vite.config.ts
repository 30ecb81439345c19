import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The admin console: built once, served by the ADMIN listener, shown in the Electron window or a browser.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
});
