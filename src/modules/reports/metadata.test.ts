import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Browser, demoAccounts, startSauti, validReport, type TestContext } from '../../../test/helpers.ts';
import { MARKERS, phoneVideo } from '../../../test/iso-bmff-fixtures.ts';

/**
 * An anonymous reporter's photos reach investigators without where they were taken and the phone that took them;
 * the file as received is still what the chain of custody records, and can still be had, on the record.
 */

let sauti: TestContext;
const { as } = demoAccounts(() => sauti.app);
const pool = () => sauti.platform.db.pool;
const MARKER = 'GPS-1.7833S-37.6289E-TECNO-SPARK-10';

/** A JPEG whose EXIF segment (APP1) holds a place and a phone model. */
function photoWithExif(): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08'), Buffer.from(MARKER)]);
  const jfif = Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0');
  const segment = (marker: number, payload: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 255]), payload]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, jfif),
    segment(0xe1, exif),
    Buffer.from([0xff, 0xda, 0, 2]),
    Buffer.alloc(64, 7),
    Buffer.from([0xff, 0xd9]),
  ]);
}
const photo = photoWithExif();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function reportWith(
  form: Record<string, string>,
  file = { filename: 'IMG_0412.jpg', type: 'image/jpeg', data: photo },
): Promise<{ reference: string; id: string; shown: string | null }> {
  const res = await new Browser(sauti.app).postMultipart('/report', form, [{ name: 'evidence', ...file }]);
  assert.equal(res.statusCode, 201, res.body.slice(0, 300));
  const reference = /(CASE-\d{4}-\d{6})/.exec(res.body)![1]!;
  const { rows } = await pool().query<{ id: string; sha256: string; shown_sha256: string | null }>(
    `select e.id, e.sha256, e.shown_sha256 from evidence e join reports r on r.id = e.report_id
     join cases c on c.id = r.case_id where c.reference = $1`,
    [reference],
  );
  assert.equal(rows[0]!.sha256, sha256(file.data), 'the file as received is what its SHA-256 records');
  return { reference, id: rows[0]!.id, shown: rows[0]!.shown_sha256 };
}

before(async () => {
  sauti = await startSauti({ workers: false });
});
after(() => sauti.close());

test("an anonymous report's photo is seen without its place and phone; the original is kept and given on the record", async () => {
  const { reference, id, shown } = await reportWith(validReport);
  assert.ok(shown && shown !== sha256(photo), 'a copy without metadata was stored');
  const ruth = await as('iau.investigator');
  const page = (await ruth.get(`/staff/cases/${reference}`)).body;
  assert.match(page, /Location and camera details removed \(anonymous report\)/);
  assert.ok(page.includes(sha256(photo)), 'the case page shows the SHA-256 of the file as received');
  const download = await ruth.get(`/staff/evidence/${id}`);
  assert.equal(download.statusCode, 200);
  assert.ok(!download.rawPayload.includes(MARKER), 'no place, no phone');
  assert.deepEqual(download.rawPayload.subarray(0, 2), Buffer.from([0xff, 0xd8]), 'still a JPEG');
  assert.equal(download.headers['x-content-sha256'], shown);
  const view = await ruth.get(`/staff/evidence/${id}/view`);
  assert.ok(!view.rawPayload.includes(MARKER));
  const original = await ruth.get(`/staff/evidence/${id}?original=1`);
  assert.deepEqual(original.rawPayload, photo);
  assert.match(String(original.headers['content-disposition']), /-original\.jpg"$/);
  const audited = await pool().query<{ n: number }>(
    `select count(*)::int as n from audit_log where action = 'evidence.download_original' and subject_id = $1`,
    [reference],
  );
  assert.equal(audited.rows[0]!.n, 1);
  assert.equal((await (await as('gender.investigator')).get(`/staff/evidence/${id}?original=1`)).statusCode, 404);
});

test('a reporter who gave their name keeps their photo as sent', async () => {
  const { id, shown } = await reportWith({
    ...validReport,
    anonymous: 'no',
    contactName: 'Wanjiku',
    contactPhone: '0712 345 678',
  });
  assert.equal(shown, null);
  const download = await (await as('iau.investigator')).get(`/staff/evidence/${id}`);
  assert.deepEqual(download.rawPayload, photo);
});

test("an anonymous report's video is seen without its place, phone and dates, the same length; the original is kept", async () => {
  const video = phoneVideo({ moovFirst: true }).file;
  const { reference, id, shown } = await reportWith(validReport, {
    filename: 'VID_0412.mp4',
    type: 'video/mp4',
    data: video,
  });
  assert.ok(shown && shown !== sha256(video), 'a copy without metadata was stored');
  const ruth = await as('iau.investigator');
  assert.match((await ruth.get(`/staff/cases/${reference}`)).body, /Location and camera details removed/);
  const view = await ruth.get(`/staff/evidence/${id}/view`);
  assert.equal(view.statusCode, 200);
  assert.equal(view.rawPayload.length, video.length);
  for (const marker of MARKERS) assert.ok(!view.rawPayload.includes(Buffer.from(marker, 'latin1')), marker);
  const part = await ruth.get(`/staff/evidence/${id}/view`, { range: 'bytes=0-31' });
  assert.equal(part.statusCode, 206);
  assert.deepEqual(part.rawPayload, video.subarray(0, 32), 'the copy starts as the file does');
  assert.deepEqual((await ruth.get(`/staff/evidence/${id}?original=1`)).rawPayload, video);
});

test('a video whose structure cannot be read gets no copy and no label: it is shown as received', async () => {
  const damaged = phoneVideo({ moovFirst: true }).file.subarray(0, 700);
  const { reference, shown } = await reportWith(validReport, {
    filename: 'VID_0413.mp4',
    type: 'video/mp4',
    data: damaged,
  });
  assert.equal(shown, null);
  const page = (await (await as('iau.investigator')).get(`/staff/cases/${reference}`)).body;
  assert.doesNotMatch(page, /Location and camera details removed/);
});

test('the form tells an anonymous reporter what is removed', async () => {
  const form = (await new Browser(sauti.app).get('/report')).body;
  assert.match(form, /the phone or camera that took them, are removed from the copy investigators see/);
});
