import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) out.push(path);
  }
  return out;
}

test('the audit trail is written only through platform/audit: no other code names its table', () => {
  const auditDir = join('src', 'platform', 'audit') + sep;
  const writers = sources('src').filter(
    (file) => !file.startsWith(auditDir) && /\baudit_log\b/.test(readFileSync(file, 'utf8')),
  );
  assert.deepEqual(writers, []);
});
