#!/usr/bin/env node
// The `sauti` command: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { runSauti } = await import('../src/cli.ts');
runSauti(process.argv.slice(2));
