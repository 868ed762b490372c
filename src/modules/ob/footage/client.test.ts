import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoAccounts, samples, startSauti, type TestContext } from '../../../../test/helpers.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;

before(async () => {
  sauti = await startSauti();
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
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
  assert.ok(script.body.includes('/api/ob/uploads'), "it sends to footage's own staff-only endpoint");
});

/** The declarations of a rule of the served stylesheet, by its exact selector. */
function ruleOf(css: string, selector: string): Record<string, string> | undefined {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const plain = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const body = new RegExp(`(?:^|\\})\\s*${escaped}\\s*\\{([^}]*)\\}`).exec(plain)?.[1];
  if (body === undefined) return undefined;
  const declarations = body
    .split(';')
    .map((d) => d.split(':').map((part) => part.trim()))
    .filter(([name, value]) => name && value);
  return Object.fromEntries(declarations);
}

test('the footage player fits a 360 px screen: the site stylesheet sizes it (inline styles are refused)', async () => {
  const officer = await as('officer.kasarani');
  const bytes = Buffer.concat([samples.mp4, Buffer.alloc(50_000, 7)]);
  const lodged = await officer.postMultipart(
    '/staff/ob/kasarani/footage',
    { cameraId: 'BWC-0007', from: '2026-11-30T08:00', to: '2026-11-30T08:20', narrative: 'Patrol at the market.' },
    [{ name: 'footage', filename: 'bwc.mp4', type: 'video/mp4', data: bytes }],
    { csrfFrom: '/staff/ob/kasarani/footage' },
  );
  assert.equal(lodged.statusCode, 303, lodged.body);
  const view = await officer.get(`${String(lodged.headers.location).split('?')[0]}/view`);
  assert.equal(view.statusCode, 200);
  const video = /<video[^>]*>/.exec(view.body)![0];
  assert.match(video, /class="footage-player"/);
  assert.doesNotMatch(video, /style=/);
  const css = await sauti.app.inject('/assets/sauti.css');
  const rule = ruleOf(css.body, '.footage-player');
  assert.ok(rule, 'the stylesheet has a rule for the player');
  assert.equal(rule.width, '100%', 'as wide as the column, never its own video width');
  assert.equal(rule.height, 'auto', "the video's proportions kept");
  assert.ok(rule['max-width'], 'not wider than a desktop column');
});
