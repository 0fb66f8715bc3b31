import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.ts';
import type { AppointmentTable } from '../../src/infra/db/schema.ts';
import { freePort } from '../test-browser.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS_DIR = 'test-results/e2e';
export const DOC_SHOTS_DIR = 'docs/screenshots';

export interface Server {
  url: string;
  mailboxDir: string;
  /** the server's database, for CLI commands run next to it (e.g. a register import) */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * `btb start` as a newcomer runs it (build the UI if stale, migrate, load the demo data, serve
 * with the development identity provider), on a fresh SQLite file and a free port.
 */
export async function startServer(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'btb-e2e-'));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const mailboxDir = join(dir, 'mailbox');
  const databaseUrl = `sqlite:${join(dir, 'e2e.sqlite')}`;
  const script = process.env.E2E_SERVER_SCRIPT ?? 'bin/btb.mjs';
  const child: ChildProcess = spawn(process.execPath, [script, 'start'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PUBLIC_URL: url,
      MAILBOX_DIR: mailboxDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`btb start exited with ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`btb start did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    mailboxDir,
    databaseUrl,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A browser profile whose language is `locale` (the UI picks it when nothing is remembered). */
export async function newContext(browser: Browser, locale: string, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ locale, viewport, acceptDownloads: true });
}

/** Every page error fails the journey: a React crash must not pass as a blank page. */
export function watchErrors(page: Page, into: string[] = []): string[] {
  page.on('pageerror', (e) => into.push(e.message));
  return into;
}

export interface BrowserSession {
  /** the server of this test file (started in beforeAll) */
  readonly server: Server;
  /** page errors of every page opened so far; filled as they happen */
  readonly errors: string[];
  open(locale: string, viewport?: { width: number; height: number }): Promise<Page>;
  at(path: string): string;
}

/**
 * One server and one browser per test file, started before its tests and closed after them;
 * `afterStart` prepares the server's database (e.g. an operator) before the browser opens.
 */
export function browserSession(opts: { afterStart?: (server: Server) => Promise<void> } = {}): BrowserSession {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    await opts.afterStart?.(server);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
  const started = (): Server => {
    if (!server) throw new Error('the e2e server is not started yet');
    return server;
  };
  return {
    get server() {
      return started();
    },
    errors,
    async open(locale, viewport) {
      if (!browser) throw new Error('the e2e browser is not started yet');
      const ctx = await newContext(browser, locale, viewport);
      contexts.push(ctx);
      const page = await ctx.newPage();
      watchErrors(page, errors);
      return page;
    },
    at: (path) => `${started().url}${path}`,
  };
}

/** Logs in through the embedded development identity provider, as a tester would. */
export async function loginAs(
  page: Page,
  person: string,
  means: 'eid' | 'itsme' | 'security-code' | 'password',
): Promise<void> {
  await page.waitForURL(/\/dev-idp\//);
  await page.locator(`input[name="person"][value="${person}"]`).check();
  await page.locator(`input[name="means"][value="${means}"]`).check();
  await page.getByRole('button', { name: 'Log in' }).click();
  // oidc-provider may ask for consent once per client; the dev provider grants it by itself.
  await page.waitForURL((u) => !u.pathname.startsWith('/dev-idp') && !u.pathname.startsWith('/auth/'));
}

/** Runs axe (WCAG 2.1 A and AA) on the page as it is and fails with the violations, readable. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (result.violations.length) {
    const lines = result.violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join('\n    ')}`,
    );
    throw new Error(`accessibility violations on ${what}:\n${lines.join('\n')}`);
  }
}

/** Saves a full-page screenshot under test-results/e2e; `doc` copies it to docs/screenshots. */
export async function shot(page: Page, name: string, opts: { doc?: boolean } = {}): Promise<string> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const path = join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (opts.doc) {
    mkdirSync(DOC_SHOTS_DIR, { recursive: true });
    copyFileSync(path, join(DOC_SHOTS_DIR, `${name}.png`));
  }
  return path;
}

/** The newest invitation link in the development mailbox (the outbox worker writes each mail there). */
export async function invitationLink(mailboxDir: string, to: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (existsSync(mailboxDir)) {
      const files = readdirSync(mailboxDir, { recursive: true })
        .map(String)
        .map((f) => join(mailboxDir, f))
        .filter((f) => statSync(f).isFile())
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
      for (const f of files) {
        const text = readFileSync(f, 'utf8').replace(/=\r?\n/g, '');
        const m = text.match(/\/invitations\/([\w-]+)/);
        if (m && text.includes(to)) return `/invitations/${m[1]}`;
      }
    }
    if (Date.now() > deadline) throw new Error(`no invitation mail to ${to} in ${mailboxDir}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The row of a main access manager appointed as a journey's set-up needs it (in force from now,
 * no end): the journeys seed it straight into the server's database rather than walking the
 * appointment wizard each time.
 */
export function mainAppointmentRow(a: {
  id: string;
  enterprise: string;
  person: { number: string; email: string };
  appointedBy: string;
  appointedByRole?: string;
  procedure?: AppointmentTable['procedure'];
}): AppointmentTable {
  const now = new Date().toISOString();
  return {
    id: a.id,
    enterprise_number: a.enterprise,
    person_number: a.person.number,
    kind: 'main',
    domain: '',
    mandate_id: null,
    email: a.person.email,
    phone: '+3221234567',
    procedure: a.procedure ?? 'standard',
    appointed_by: a.appointedBy,
    appointed_by_role: a.appointedByRole ?? 'legal_representative',
    exception_request_id: null,
    created_at: now,
    valid_from: now,
    valid_until: null,
    ended_at: null,
    ended_by: null,
    end_reason: null,
  };
}

/** Writes a main appointment (mainAppointmentRow) straight into a started server's database. */
export async function insertMainAppointment(databaseUrl: string, a: Parameters<typeof mainAppointmentRow>[0]) {
  const db = openDatabase(databaseUrl);
  try {
    await db.db.insertInto('appointment').values(mainAppointmentRow(a)).execute();
  } finally {
    await db.close();
  }
}
