import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sendProblem } from '../error-handler.ts';

/** Where `vite build` (web/vite.config.ts) writes the UI. */
export const webDistDir = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the server: a miss there is an API 404, never the UI's index.html. */
const SERVER_PREFIXES = [
  '/api',
  '/auth',
  '/dev-idp',
  '/docs',
  '/access',
  '/.well-known',
  '/metrics',
  '/healthz',
  '/readyz',
  '/openapi.json',
];

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

/**
 * Serves the built UI: its files as they are (hashed assets cached for a year), and index.html
 * for every other GET so that client routes (/enterprises/…, /invitations/…) survive a reload.
 * Registered last: every server route is matched before this catch-all.
 */
export function webRoutes(distDir: string = webDistDir): FastifyPluginAsyncTypebox {
  return async (app) => {
    if (!existsSync(`${distDir}index.html`)) {
      app.log.warn(
        { distDir },
        'the web application is not built: run `npm start` or `npx vite build -c web/vite.config.ts`',
      );
      return;
    }
    await app.register(fastifyStatic, { root: distDir, serve: false });

    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
      if (isServerPath(path)) return sendProblem(request, reply, 404, 'not_found');
      const file = path.replace(/^\/+/, '');
      // A file of the build: only plain names, never a way out of the folder.
      if (
        file &&
        /^[\w\-./]+$/.test(file) &&
        !file.includes('..') &&
        existsSync(`${distDir}${file}`) &&
        !file.endsWith('/')
      ) {
        const isHashed = file.startsWith('assets/');
        return reply.sendFile(file, { maxAge: isHashed ? 31_536_000_000 : 0, immutable: isHashed });
      }
      // The UI's own routes: index.html, never cached, so a new release is picked up at once.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
    });
  };
}
