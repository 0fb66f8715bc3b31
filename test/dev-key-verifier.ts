/**
 * What the bearer-token tests share: a verifier over a fresh development key in the temp folder
 * (removed after the describe block), and the refusal a promise ends in.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { bearerVerifier } from '../src/infra/auth/bearer.ts';
import { type Config, loadConfig } from '../src/infra/config.ts';

/** Call in a describe block: `v.config` and `v.verify` are set once its beforeAll has run. */
export function devKeyVerifier() {
  const v = {} as { config: Config; verify: Awaited<ReturnType<typeof bearerVerifier>> };
  beforeAll(async () => {
    v.config = loadConfig({ NODE_ENV: 'test', BTB_DEV_KEY_PATH: join(tmpdir(), `btb-dev-key-${randomUUID()}.json`) });
    v.verify = await bearerVerifier(v.config);
  });
  afterAll(() => rmSync(v.config.devKeyPath, { force: true }));
  return v;
}

/** The error `p` is rejected with; fails when it resolves. */
export async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}
