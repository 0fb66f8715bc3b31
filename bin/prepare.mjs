#!/usr/bin/env node
// npm runs this after `npm ci` / `npm install` (the "prepare" script): the web app is built to
// static files in web/dist here, at install, so that nothing bundles at run time. A production
// install (`npm ci --omit=dev`) has no Vite: it keeps the web/dist that was built before it.
import { isOnNode24 } from './node24.mjs';

if (isOnNode24(import.meta.url)) {
  const { buildWebIfStale } = await import('../src/cli/build-web.ts');
  await buildWebIfStale((line) => console.error(line));
}
