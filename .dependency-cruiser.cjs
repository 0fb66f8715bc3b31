/**
 * The layer rules of ARCHITECTURE.md, checked in CI (`npm run lint`):
 *   cli → main → http → app → infra → domain   (an arrow points to what a layer may import)
 * src/ports.ts holds the interfaces at real boundaries and the Deps type: every layer may
 * import it. Known exceptions are named in the rule that allows them.
 */
const layer = (name) => `^src/${name}/`;
// Tests beside the code drive the whole stack (buildApp, use cases): the rules are for production code.
const TESTS = '\\.test\\.ts$';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'import cycles make start-up order fragile and tangle what should read one way: none, not even ' +
        'type-only ones, in the server (src, bin, bench) or the web app (web/src); shared types and helpers ' +
        'go to a module both sides import',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain holds pure rules: it imports nothing of btb outside domain (reading the catalogue file is its one I/O)',
      from: { path: layer('domain'), pathNot: TESTS },
      to: { path: ['^src/(app|infra|http|cli)/', '^src/(main|ports)\\.ts$'] },
    },
    {
      name: 'infra-not-upwards',
      severity: 'error',
      comment: 'infra implements ports; it never imports use cases, routes or the command line',
      from: { path: layer('infra'), pathNot: TESTS },
      to: { path: ['^src/(app|http|cli)/', '^src/main\\.ts$'] },
    },
    {
      name: 'app-not-upwards',
      severity: 'error',
      comment: 'use cases know nothing of HTTP or the command line',
      from: { path: layer('app'), pathNot: TESTS },
      to: { path: ['^src/(http|cli)/', '^src/main\\.ts$'] },
    },
    {
      name: 'app-infra-only-the-database',
      severity: 'error',
      comment:
        'use cases reach infrastructure through the ports of src/ports.ts (Deps.registers, Deps.attachments),' +
        ' which src/main wires. The one exception is the database (ARCHITECTURE.md convention 5): ' +
        'the Kysely handle and unitOfWork, the table types, and the audit and outbox writes that commit in the ' +
        "use case's own transaction. Those modules are named here; any other infra import from app is a bypassed port",
      from: { path: layer('app'), pathNot: TESTS },
      to: {
        path: layer('infra'),
        pathNot: [
          '^src/infra/db/database\\.ts$',
          '^src/infra/db/schema\\.ts$',
          '^src/infra/audit/audit-log\\.ts$',
          '^src/infra/outbox/outbox\\.ts$',
        ],
      },
    },
    {
      name: 'ports-not-upwards',
      severity: 'error',
      comment: 'src/ports.ts is imported by every layer: it imports only domain (and the database handle below)',
      from: { path: '^src/ports\\.ts$' },
      to: { path: ['^src/(app|http|cli)/', '^src/main\\.ts$'] },
    },
    {
      name: 'ports-infra-only-the-database',
      severity: 'error',
      comment:
        'Deps carries the database handle, which use cases use directly (ARCHITECTURE.md convention 5): ' +
        'src/ports.ts may name its type, from db/database.ts, and nothing else of infra. Every other boundary ' +
        '(Config included) is declared in src/ports.ts and implemented in infra',
      from: { path: '^src/ports\\.ts$' },
      to: { path: layer('infra'), pathNot: '^src/infra/db/database\\.ts$' },
    },
    {
      name: 'ports-infra-types-only',
      severity: 'error',
      comment: 'that database type is imported as a type: nothing of infra loads with src/ports.ts',
      from: { path: '^src/ports\\.ts$' },
      to: { path: layer('infra'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'http-not-upwards',
      severity: 'error',
      from: { path: layer('http'), pathNot: TESTS },
      to: { path: ['^src/cli/', '^src/main\\.ts$'] },
    },
    { name: 'main-not-cli', severity: 'error', from: { path: '^src/main\\.ts$' }, to: { path: '^src/cli/' } },
    {
      name: 'src-not-tests',
      severity: 'error',
      comment: 'production code never imports test helpers',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^test/', '\\.test\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)node_modules/' },
  },
};
