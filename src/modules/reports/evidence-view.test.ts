import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, samples, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';

/** Evidence shown in the case page: streamed in parts as a player asks, each view recorded, behind the case's walls. */

let sauti: TestContext;
const { as } = demoAccounts(() => sauti.app);
let reference = '';
const ids: Record<string, string> = {};
const pool = () => sauti.platform.db.pool;
const views = async () =>
  (
    await pool().query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'evidence.view' and subject_id = $1`,
      [reference],
    )
  ).rows[0]!.n;

before(async () => {
  sauti = await startSauti({ workers: false });
  const res = await new Browser(sauti.app).postMultipart('/report', validReport, [
    { name: 'evidence', filename: 'clip.mp4', type: 'video/mp4', data: samples.mp4 },
    { name: 'evidence', filename: 'photo.png', type: 'image/png', data: samples.png },
    { name: 'evidence', filename: 'receipt.pdf', type: 'application/pdf', data: samples.pdf },
  ]);
  assert.equal(res.statusCode, 201, res.body.slice(0, 300));
  reference = /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
  const { rows } = await pool().query<{ id: string; kind: string }>(
    `select e.id, e.kind from evidence e join reports r on r.id = e.report_id join cases c on c.id = r.case_id
     where c.reference = $1`,
    [reference],
  );
  for (const row of rows) ids[row.kind] = row.id;
});
after(() => sauti.close());

test('the case page shows the photo and the video in place; the document stays a download', async () => {
  const page = (await (await as('iau.investigator')).get(`/staff/cases/${reference}`)).body;
  assert.match(page, new RegExp(`<video src="/staff/evidence/${ids.video}/view" controls preload="none"`));
  assert.match(page, new RegExp(`<img src="/staff/evidence/${ids.photo}/view" alt="Photo 2" loading="lazy"`));
  assert.ok(!page.includes(`/staff/evidence/${ids.document}/view`));
  assert.equal(await views(), 0, 'nothing is fetched, so nothing is recorded, until it is shown');
  assert.match(page, /<figure class="place-map"><svg [^>]*aria-label="Map of Makueni county"/, 'where, on a map');
  assert.match(page, /Boundaries © OpenStreetMap contributors \(ODbL\)/);
});

test('a video streams in parts: the first part is a recorded view, the next parts are not', async () => {
  const ruth = await as('iau.investigator');
  const url = `/staff/evidence/${ids.video}/view`;
  const whole = await ruth.get(url);
  assert.equal(whole.statusCode, 200);
  assert.equal(whole.headers['content-type'], 'video/mp4');
  assert.equal(whole.headers['accept-ranges'], 'bytes');
  assert.equal(whole.headers['content-disposition'], 'inline');
  assert.equal(whole.headers['cache-control'], 'no-store');
  assert.deepEqual(whole.rawPayload, samples.mp4);
  assert.equal(await views(), 1);
  const first = await ruth.get(url, { range: 'bytes=0-9' });
  assert.equal(first.statusCode, 206);
  assert.equal(first.headers['content-range'], `bytes 0-9/${samples.mp4.length}`);
  assert.deepEqual(first.rawPayload, samples.mp4.subarray(0, 10));
  assert.equal(await views(), 2, 'a player starting again is another view');
  const rest = await ruth.get(url, { range: 'bytes=10-' });
  assert.equal(rest.statusCode, 206);
  assert.deepEqual(rest.rawPayload, samples.mp4.subarray(10));
  assert.equal(await views(), 2, 'the rest of a view is not another');
  const past = await ruth.get(url, { range: `bytes=${samples.mp4.length + 100}-` });
  assert.equal(past.statusCode, 416);
  assert.equal(past.headers['content-range'], `bytes */${samples.mp4.length}`);
});

test('another unit, a role without case access, the public, and a document are refused, and nothing is recorded', async () => {
  const before = await views();
  const url = `/staff/evidence/${ids.video}/view`;
  assert.equal((await (await as('gender.investigator')).get(url)).statusCode, 404);
  assert.equal((await (await as('ocs.salama')).get(url)).statusCode, 404, 'not even whether it exists');
  const nobody = await sauti.app.inject({ method: 'GET', url });
  assert.equal(nobody.statusCode, 303);
  assert.equal((await (await as('iau.investigator')).get(`/staff/evidence/${ids.document}/view`)).statusCode, 404);
  assert.equal((await (await as('iau.investigator')).get(`/staff/evidence/${ids.document}`)).statusCode, 200);
  assert.equal(await views(), before);
});
