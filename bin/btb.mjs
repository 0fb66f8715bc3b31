#!/usr/bin/env node
// btb runs its TypeScript sources with Node's own type stripping (erasable syntax only, which
// `erasableSyntaxOnly` in tsconfig.json enforces): nothing compiles at run time, and stack traces
// point at the files people edit. Under an older Node it hands over to Node 24 (node24.mjs).
import { isOnNode24 } from './node24.mjs';

if (isOnNode24(import.meta.url)) await import('../src/cli/main.ts');
