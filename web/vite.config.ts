// The console's build: `npm run build:web` (vite build --config web/vite.config.ts) writes web/dist, served by `mamori serve`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The CSP allows scripts from 'self' only: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
