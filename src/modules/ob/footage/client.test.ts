import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoAccounts, startSauti, type TestContext } from '../../../../test/helpers.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;

before(async () => {
  sauti = await startSauti();
});
after(() => sauti.close());

test("the lodging page's upload script is built by build-assets and served where the page names it", async () => {
  rmSync(join(root, 'dist/assets/ob-footage.js'), { force: true });
  await promisify(execFile)(process.execPath, ['scripts/build-assets.mjs'], { cwd: root });
  const page = await (await as('officer.kasarani')).get('/staff/ob/kasarani/footage');
  assert.equal(page.statusCode, 200);
  const src = /<script src="(\/assets\/ob-footage\.js)"/.exec(page.body)?.[1];
  assert.ok(src, 'the page names its script');
  const script = await sauti.app.inject(src);
  assert.equal(script.statusCode, 200);
  assert.match(String(script.headers['content-type']), /^text\/javascript/);
  assert.ok(script.body.includes('footage-form'), 'it is the footage form script');
});
