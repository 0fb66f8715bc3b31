#!/usr/bin/env node
// btb ships its TypeScript sources and runs them through tsx's loader: no build step between a
// clone and a running service, and the stack traces point at the files people edit.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
