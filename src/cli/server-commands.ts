import type { Command } from 'commander';
import type { Config, LoadOptions } from '../infra/config.ts';
import { isDatabaseEmpty, seedDemo } from '../infra/demo/seed-demo.ts';
import { createDeps, migrate, serve } from '../main.ts';
import { buildWebIfStale } from './build-web.ts';
import { withDeps } from './with-deps.ts';

type LoadConfig = (env?: Record<string, string | undefined>, options?: LoadOptions) => Config;

export function registerServerCommands(program: Command, loadConfig: LoadConfig): void {
  program
    .command('start')
    .description(
      'The demo path: apply migrations, load the demo data set when the database is empty, and serve with the development login',
    )
    .action(async () => {
      const config = loadConfig(process.env, { serving: true });
      if (config.env !== 'development') {
        throw new Error(
          'btb start is the demo: ask for it with NODE_ENV=development (npm start does); btb serve is the production path',
        );
      }
      await buildWebIfStale((l) => console.error(l));
      const deps = createDeps(config);
      await migrate(deps, (l) => console.error(l));
      if (await isDatabaseEmpty(deps)) {
        const counts = await seedDemo(deps);
        console.error(`loaded the demo data set: ${JSON.stringify(counts)}`);
      }
      const { url } = await serve(deps);
      console.error(`btb is listening on ${url} (database: ${deps.db.engine})`);
    });

  program
    .command('serve')
    .description('Apply pending migrations and serve; never adds data. NODE_ENV unset means production')
    .action(async () => {
      const deps = createDeps(loadConfig(process.env, { serving: true }));
      await migrate(deps, (l) => console.error(l));
      const { url } = await serve(deps);
      console.error(`btb is listening on ${url} (database: ${deps.db.engine})`);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      const deps = createDeps(loadConfig());
      try {
        let n = 0;
        await migrate(deps, (l) => {
          n++;
          console.error(l);
        });
        console.error(n ? `${n} migration(s) applied` : 'the database is up to date');
      } finally {
        await deps.db.close();
      }
    });

  program
    .command('seed')
    .description('Load a data set')
    .command('demo')
    .description('Load the demo data set (enterprises, persons, functions, employment); safe to run twice')
    .action(async () => {
      const counts = await withDeps(loadConfig, seedDemo);
      console.error(`demo data set loaded: ${JSON.stringify(counts)}`);
    });
}
