/**
 * `npm run test:unit`: the fast tier. Runs every `*.unit.test.ts` under src/ and test/ (pure
 * functions: no database, no app, no network), in seconds. `npm test` runs these files too, with
 * all the others. A unit test file may not reach for the database: importing the test helpers
 * (which start one) is refused here, and the run has no test database to find.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const UNIT_SUFFIX = '.unit.test.ts';

export function findUnitTests(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules' || path === join('test', 'e2e')) continue;
    if (statSync(path).isDirectory()) findUnitTests(path, out);
    else if (entry.endsWith(UNIT_SUFFIX)) out.push(path);
  }
  return out;
}

const named = process.argv.slice(2);
const files = named.length ? named : [...findUnitTests('src'), ...findUnitTests('test')].sort();
const reaching = files.filter((file) =>
  /from ['"][./]*(?:test\/)?(?:helpers|cluster)(?:\.ts)?['"]/.test(readFileSync(file, 'utf8')),
);
if (reaching.length) {
  console.error(
    `unit tests may not start a database; these import the test helpers:\n  ${reaching.join('\n  ')}\nName them *.test.ts instead.`,
  );
  process.exit(1);
}

const env = { ...process.env };
// no database for this tier: a unit test that tries to reach one fails at once instead of starting a server
delete env.SAUTI_TEST_CLUSTER;
delete env.TEST_DATABASE_URL;
delete env.DATABASE_URL;
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? '4'}`,
    '--test-timeout=60000',
    ...files,
  ],
  { stdio: 'inherit', env },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
