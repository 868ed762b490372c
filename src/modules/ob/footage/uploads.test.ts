import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { demoAccounts, samples, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { postJson } from '../test-desk.ts';
import { footageUploadsOf } from './uploads.ts';

// Footage's own resumable endpoint: staff who keep a station's book only, refused before anything
// is begun; larger files than a report's evidence (the limits are small here to send them quickly).

const EVIDENCE_MAX_BYTES = 256 * 1024;
const FOOTAGE_MAX_BYTES = 4 * 1024 * 1024;
/** Uploads one address may begin per 10 minutes: far fewer than the parts of one long upload. */
const CREATIONS_PER_10_MINUTES = 20;

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;
const tus = { 'tus-resumable': '1.0.0' };
const bytesStream = 'application/offset+octet-stream';

before(async () => {
  sauti = await startSauti({
    env: {
      EVIDENCE_MAX_BYTES: String(EVIDENCE_MAX_BYTES),
      OB_FOOTAGE_MAX_BYTES: String(FOOTAGE_MAX_BYTES),
      RATE_LIMIT_UPLOADS: String(CREATIONS_PER_10_MINUTES),
    },
  });
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
});
after(() => sauti.close());

/** A "video" (an mp4 header, then bytes that differ per call) larger than a report's evidence may be. */
let made = 0;
function video(size = 1024 * 1024): Buffer {
  made++;
  const body = Buffer.alloc(size - samples.mp4.length);
  for (let i = 0; i < body.length; i++) body[i] = (i * 13 + made * 5) & 0xff;
  return Buffer.concat([samples.mp4, body]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const cookieOf = async (who: string | undefined) => (who ? { cookie: (await as(who)).header() } : {});
const heldUploads = async () => ((await footageUploadsOf(sauti.platform).store.configstore.list?.()) ?? []).length;

async function create(who: string | undefined, length: number, url = '/api/ob/uploads') {
  return sauti.app.inject({
    method: 'POST',
    url,
    headers: { ...tus, ...(await cookieOf(who)), 'upload-length': String(length) },
  });
}

async function patch(who: string | undefined, id: string, offset: number, bytes: Buffer) {
  return sauti.app.inject({
    method: 'PATCH',
    url: `/api/ob/uploads/${id}`,
    payload: bytes,
    headers: { ...tus, ...(await cookieOf(who)), 'upload-offset': String(offset), 'content-type': bytesStream },
  });
}

async function head(who: string | undefined, id: string) {
  return sauti.app.inject({
    method: 'HEAD',
    url: `/api/ob/uploads/${id}`,
    headers: { ...tus, ...(await cookieOf(who)) },
  });
}

const idOf = (created: { headers: Record<string, unknown> }) => String(created.headers.location).split('/').pop()!;

/** The bytes sent in chunks of `chunk`, as the lodging page's script sends them. */
async function upload(who: string, bytes: Buffer, chunk = 128 * 1024): Promise<string> {
  const created = await create(who, bytes.length);
  assert.equal(created.statusCode, 201, created.body);
  const id = idOf(created);
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const sent = await patch(who, id, offset, bytes.subarray(offset, offset + chunk));
    assert.equal(sent.statusCode, 204, sent.body);
    assert.equal(sent.headers['upload-offset'], String(Math.min(offset + chunk, bytes.length)));
  }
  return id;
}

const lodging = {
  cameraId: 'BWC-0311',
  from: '2026-11-30T07:00:00+03:00',
  to: '2026-11-30T07:45:00+03:00',
  place: 'Thika Road, Kasarani',
  narrative: 'Traffic stop recorded by the patrol officer.',
};

describe('who may send footage', () => {
  test('a signed-out request and staff who keep no book are refused before any upload is created', async () => {
    const held = await heldUploads();
    const anonymous = await create(undefined, 1000);
    assert.equal(anonymous.statusCode, 401, anonymous.body);
    assert.equal(anonymous.headers.location, undefined);
    for (const who of ['iau.investigator', 'ig.office', 'ipoa.liaison']) {
      const refused = await create(who, 1000);
      assert.equal(refused.statusCode, 403, `${who}: ${refused.body}`);
      assert.equal(refused.headers.location, undefined);
    }
    const withBytes = await sauti.app.inject({
      method: 'POST',
      url: '/api/ob/uploads',
      payload: video(2000),
      headers: {
        ...tus,
        ...(await cookieOf('iau.investigator')),
        'upload-length': '2000',
        'content-type': bytesStream,
      },
    });
    assert.equal(withBytes.statusCode, 403, 'creation with its first bytes is refused as well');
    assert.equal(await heldUploads(), held, 'nothing was begun');
  });

  test("an officer's upload takes no byte from a signed-out client or an investigator, and is not theirs to end", async () => {
    const bytes = video(100_000);
    const created = await create('officer.kasarani', bytes.length);
    assert.equal(created.statusCode, 201, created.body);
    const id = idOf(created);
    assert.equal((await patch(undefined, id, 0, bytes)).statusCode, 401);
    assert.equal((await patch('iau.investigator', id, 0, bytes)).statusCode, 403);
    assert.equal((await head(undefined, id)).statusCode, 401);
    assert.equal((await head('iau.investigator', id)).statusCode, 403);
    const overridden = await sauti.app.inject({
      method: 'POST',
      url: `/api/ob/uploads/${id}`,
      payload: bytes,
      headers: { ...tus, 'x-http-method-override': 'PATCH', 'upload-offset': '0', 'content-type': bytesStream },
    });
    assert.equal(overridden.statusCode, 401, 'a PATCH sent as POST is refused the same way');
    const ended = await sauti.app.inject({
      method: 'DELETE',
      url: `/api/ob/uploads/${id}`,
      headers: { ...tus, ...(await cookieOf('iau.investigator')) },
    });
    assert.equal(ended.statusCode, 403);
    const mine = await head('officer.kasarani', id);
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['upload-offset'], '0', 'not a byte was written');
    assert.equal((await patch('officer.kasarani', id, 0, bytes)).statusCode, 204);
  });
});

describe("footage's limit and holding area", () => {
  test("a desk officer's chunked upload larger than a report's evidence limit works and lodges", async () => {
    const bytes = video(1024 * 1024);
    assert.ok(bytes.length > EVIDENCE_MAX_BYTES);
    const tooLargeForReports = await create(undefined, bytes.length, '/api/uploads');
    assert.equal(tooLargeForReports.statusCode, 413, "reports' endpoint keeps its own limit");
    const chunk = 32 * 1024;
    assert.ok(bytes.length / chunk > CREATIONS_PER_10_MINUTES, 'more parts than uploads may be begun');
    const id = await upload('officer.kasarani', bytes, chunk);
    const lodged = await postJson(sauti, await as('officer.kasarani'), '/api/ob/stations/kasarani/footage', {
      upload: id,
      ...lodging,
    });
    assert.equal(lodged.statusCode, 201, lodged.body);
    assert.equal(lodged.json().sha256, sha256(bytes));
    assert.equal(lodged.json().sizeBytes, bytes.length);
    assert.ok(await sauti.platform.blobs.verify(sha256(bytes)));
    assert.equal((await head('officer.kasarani', id)).statusCode, 404, 'the lodged upload is no longer held');
  });

  test("the commander's upload lodges through the station page's form, as the page's script sends it", async () => {
    const bytes = video(600_000);
    const id = await upload('ocs.kasarani', bytes, 200_000);
    const commander = await as('ocs.kasarani');
    const res = await commander.post(
      '/staff/ob/kasarani/footage',
      { ...lodging, from: '2026-11-30T06:00', to: '2026-11-30T06:30', upload: id },
      { csrfFrom: '/staff/ob/kasarani/footage' },
    );
    assert.equal(res.statusCode, 303, res.body);
    const record = await commander.get(String(res.headers.location));
    assert.ok(record.body.includes(sha256(bytes)));
  });

  test('beyond OB_FOOTAGE_MAX_BYTES an upload is refused at creation', async () => {
    const refused = await create('officer.kasarani', FOOTAGE_MAX_BYTES + 1);
    assert.equal(refused.statusCode, 413, refused.body);
    assert.equal((await create('officer.kasarani', FOOTAGE_MAX_BYTES)).statusCode, 201);
  });

  test("neither endpoint reaches the other's uploads: a report's upload cannot be lodged as footage", async () => {
    const small = video(100_000);
    const report = await create(undefined, small.length, '/api/uploads');
    assert.equal(report.statusCode, 201, report.body);
    const reportId = idOf(report);
    const sent = await sauti.app.inject({
      method: 'PATCH',
      url: `/api/uploads/${reportId}`,
      payload: small,
      headers: { ...tus, 'upload-offset': '0', 'content-type': bytesStream },
    });
    assert.equal(sent.statusCode, 204);
    const lodged = await postJson(sauti, await as('officer.kasarani'), '/api/ob/stations/kasarani/footage', {
      upload: reportId,
      ...lodging,
    });
    assert.equal(lodged.statusCode, 400);
    assert.equal(lodged.json().error.fields[0].field, 'upload');
    const footageId = await upload('officer.kasarani', video(100_000));
    const throughReports = await sauti.app.inject({ method: 'HEAD', url: `/api/uploads/${footageId}`, headers: tus });
    assert.equal(throughReports.statusCode, 404, "a footage upload is not reached through reports' endpoint");
  });

  test('the lodging page tells the officer the larger limit, and gives its script the limit to check first', async () => {
    const page = await (await as('officer.kasarani')).get('/staff/ob/kasarani/footage');
    assert.match(page.body, /up to 4 MB/);
    assert.match(page.body, /data-max-bytes="4194304"/);
    assert.match(page.body, /data-too-large="The file is larger than 4 MB"/);
  });
});
