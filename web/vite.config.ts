import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The UI is served by btb itself (src/http/routes/web.ts), so the build goes to web/dist and
// the dev server proxies the API, the login and the development identity provider to btb.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    // The CSP allows no inline script: keep every module in its own file.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // One application bundle (React, the router, i18next and four dictionaries), about 600 kB
    // before compression: the warning's 500 kB default is for sites that load many pages.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: Object.fromEntries(
      ['/api', '/auth', '/dev-idp', '/docs', '/openapi.json', '/.well-known'].map((p) => [
        p,
        { target: process.env.BTB_URL ?? 'http://127.0.0.1:3000', changeOrigin: false },
      ]),
    ),
  },
});
