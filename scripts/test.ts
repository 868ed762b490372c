/**
 * `npm test`: starts the run's PostgreSQL (embedded, or TEST_DATABASE_URL), migrates a template
 * database once, then runs the test files concurrently with node's test runner, each file on its
 * own database cloned from the template. The files run compiled to JavaScript (scripts/test-build.ts). Arguments
 * name test files; none means all of them.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clusterEnv, prepareTestCluster } from '../test/cluster.ts';
import { buildTests } from './test-build.ts';

function findTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules' || path === join('test', 'e2e')) continue;
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// The files that take longest (each well over half a minute: servers killed and restarted, the `sauti` command
// run as a process) start first, so that the run does not end waiting on one of them alone.
const longest = [
  'test/cli.test.ts',
  'test/cli-verify.test.ts',
  'test/durability.test.ts',
  'test/ob-durability.test.ts',
  'src/modules/fines/faults/kill.test.ts',
  'test/ob-witnessed.test.ts',
  'src/platform/http/deployment.test.ts',
  'src/modules/documents/documents.test.ts',
];
const rank = (file: string) => (longest.includes(file) ? longest.indexOf(file) : longest.length);
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [...findTests('src'), ...findTests('test')].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const concurrency = process.env.TEST_CONCURRENCY ?? '3';
// a test (and, on Node 20, a whole file) that hangs fails after this long instead of holding the run for ever; a file
// whose tests have all finished exits even if a handle (a pool's timer, a socket) would keep it alive, rather than
// hanging until that timeout fails it
const perTestMs = process.env.TEST_TIMEOUT_MS ?? '300000';

const build = await buildTests();
const { cluster, stop } = await prepareTestCluster();
let exiting = false;
const child = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-force-exit',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${perTestMs}`,
    ...files.map(build.compiled),
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, ...clusterEnv(cluster) },
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    exiting = true;
    child.kill(signal);
  });
}
const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await stop().catch((error: unknown) => console.error('could not stop the test database:', error));
build.remove();
process.exit(exiting && code === 0 ? 1 : code);
