/**
 * btb listening on a free port with the demo data: the login round trip through the embedded
 * development provider needs a real address (its redirects come back to PUBLIC_URL), which
 * app.inject() cannot give. The login rate limits are lifted so that a test's many logins are
 * not the thing under test. One helper for every *.int.test.ts that logs in through a browser.
 */

import { type App, buildApp } from '../src/http/app.ts';
import { seedDemo } from '../src/infra/demo/seed-demo.ts';
import { formAction, freePort, type TestBrowser } from './test-browser.ts';
import { makeTestDeps, type TestDeps } from './test-deps.ts';

export interface ListeningApp {
  deps: TestDeps;
  app: App;
  /** http://127.0.0.1:PORT, also the app's PUBLIC_URL */
  base: string;
}

export async function startListeningApp(
  engine: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
): Promise<ListeningApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const deps = await makeTestDeps(engine, {
    PUBLIC_URL: base,
    PORT: String(port),
    BTB_RATE_LIMIT_AUTH: '100000',
    BTB_RATE_LIMIT_DEV_IDP: '100000',
    ...env,
  });
  await seedDemo(deps);
  const app = await buildApp(deps);
  await app.listen({ port, host: '127.0.0.1' });
  return { deps, app, base };
}

/**
 * Walks the embedded development provider's login page up to (not into) btb's callback and
 * returns the callback address, so that a test can follow it, replay it or tamper with it.
 */
export async function walkDevLogin(
  b: TestBrowser,
  base: string,
  loginPath: string,
  pick: { person: string; means: string },
): Promise<string> {
  const page = await b.follow(`${base}${loginPath}`);
  const done = await b.follow(
    formAction(await page.res.text(), page.url),
    (u) => u.startsWith(`${base}/auth/callback`),
    {
      method: 'POST',
      body: new URLSearchParams(pick),
    },
  );
  if (!done.stopped) throw new Error(`the login did not reach btb's callback: ended at ${done.url}`);
  return done.url;
}
