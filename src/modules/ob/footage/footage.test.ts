import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Browser, demoAccounts, samples, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { openCase, roundTheClock } from '../../cases/index.ts';
import { leafBytes } from '../leaf.ts';
import { formatObNumber } from '../ob-number.ts';
import { postJson } from '../test-desk.ts';

let sauti: TestContext;
const as = demoAccounts(() => sauti.app).as;
const pool = () => sauti.platform.db.pool;
const tus = { 'tus-resumable': '1.0.0' };

before(async () => {
  sauti = await startSauti();
  sauti.platform.clock.set(new Date('2026-11-30T10:00:00+03:00'));
});
after(() => sauti.close());

/** A short "video": an mp4 header, then bytes that differ per call so each is new footage. */
let made = 0;
function video(size = 300_000): Buffer {
  made++;
  const body = Buffer.alloc(size - samples.mp4.length);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + made * 7) & 0xff;
  return Buffer.concat([samples.mp4, body]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Sends the bytes by tus in chunks of `chunk` to footage's endpoint, as a body camera's dock or the page's script would. */
async function tusUpload(bytes: Buffer, chunk = 64 * 1024, who = 'officer.kasarani'): Promise<string> {
  const cookie = (await as(who)).header();
  const created = await sauti.app.inject({
    method: 'POST',
    url: '/api/ob/uploads',
    headers: { ...tus, cookie, 'upload-length': String(bytes.length) },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = String(created.headers.location).split('/').pop()!;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const sent = await sauti.app.inject({
      method: 'PATCH',
      url: `/api/ob/uploads/${id}`,
      payload: bytes.subarray(offset, offset + chunk),
      headers: { ...tus, cookie, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    });
    assert.equal(sent.statusCode, 204, sent.body);
  }
  return id;
}

const lodging = {
  cameraId: 'BWC-0142',
  from: '2026-11-30T08:00:00+03:00',
  to: '2026-11-30T08:30:00+03:00',
  place: 'Kasarani market',
  narrative: 'Arrest of a suspect at the market, recorded by Cpl. Otieno.',
};

async function lodge(upload: string, who = 'officer.kasarani', station = 'kasarani', fields: object = lodging) {
  return postJson(sauti, await as(who), `/api/ob/stations/${station}/footage`, { upload, ...fields });
}

async function lodgeNew(): Promise<{ id: string; obNumber: string; bytes: Buffer }> {
  const bytes = video();
  const res = await lodge(await tusUpload(bytes));
  assert.equal(res.statusCode, 201, res.body);
  const lodged = res.json<{ id: string; obNumber: string }>();
  return { id: lodged.id, obNumber: lodged.obNumber, bytes };
}

const audited = async (action: string, footage: string, username?: string) =>
  (
    await pool().query<{ n: number }>(
      `select count(*)::int as n from audit_log a left join users u on u.id = a.actor_id
        where a.action = $1 and a.subject_type = 'ob_footage' and a.subject_id = $2 and ($3::text is null or u.username = $3)`,
      [action, footage, username ?? null],
    )
  ).rows[0]!.n;

const get = async (who: string, url: string, headers: Record<string, string> = {}) => (await as(who)).get(url, headers);

describe('lodging body-camera footage', () => {
  test('footage sent by tus in chunks is lodged as an OB entry whose details carry its SHA-256', async () => {
    const bytes = video(1_000_000);
    const res = await lodge(await tusUpload(bytes, 256 * 1024));
    assert.equal(res.statusCode, 201, res.body);
    const lodged = res.json();
    assert.equal(lodged.sha256, sha256(bytes));
    assert.equal(lodged.sizeBytes, bytes.length);
    assert.equal(lodged.mediaType, 'video/mp4');
    assert.match(lodged.obNumber, /^\d+\/30\/11\/2026$/);
    const { rows } = await pool().query(
      `select e.kind, e.details, f.sha256 from ob_footage f join ob_entries e on e.id = f.entry_id where f.id = $1`,
      [lodged.id],
    );
    assert.equal(rows[0].kind, 'footage');
    assert.deepEqual(rows[0].details, {
      sha256: sha256(bytes),
      sizeBytes: bytes.length,
      mediaType: 'video/mp4',
      cameraId: 'BWC-0142',
      from: '2026-11-30T05:00:00.000Z',
      to: '2026-11-30T05:30:00.000Z',
    });
    assert.equal(rows[0].sha256, sha256(bytes));
    assert.ok(await sauti.platform.blobs.verify(sha256(bytes)), 'the stored file matches its hash');
    const book = await get('officer.kasarani', '/api/ob/stations/kasarani/days/2026-11-30');
    const entry = book.json().entries.find((e: { obNumber: string }) => e.obNumber === lodged.obNumber);
    assert.equal(entry.kind, 'footage');
    assert.equal(entry.details.sha256, sha256(bytes));
    const page = await get('officer.kasarani', '/staff/ob/kasarani/2026-11-30');
    assert.match(
      page.body,
      new RegExp(`SHA-256 of the footage</dt>\\s*<dd>${sha256(bytes)}`),
      "the day's book shows the hash",
    );
    assert.match(page.body, /href="\/staff\/ob\/kasarani\/footage"/, "the day's book links the station's footage");
  });

  test("the entry's leaf commits to the footage's hash: other details would give other leaf bytes", async () => {
    const { id, bytes } = await lodgeNew();
    const { rows } = await pool().query(
      `select e.* from ob_footage f join ob_entries e on e.id = f.entry_id where f.id = $1`,
      [id],
    );
    const e = rows[0];
    const leafWith = (details: Record<string, unknown>) =>
      leafBytes({
        stationId: e.station_id,
        obNumber: formatObNumber({ day: '2026-11-30', number: e.number }),
        kind: e.kind,
        occurredAt: e.occurred_at,
        recordedAt: e.recorded_at,
        amends: null,
        salt: e.salt,
        content: {
          recordedBy: String(e.recorded_by),
          recordedByServiceNumber: e.recorded_by_service_number,
          place: e.place,
          narrative: e.narrative,
          details,
          property: e.property,
          links: e.links,
          amendReason: null,
        },
        persons: [],
      });
    assert.deepEqual(leafWith(e.details), e.leaf, 'the stored leaf is these details');
    const other = sha256(Buffer.concat([bytes, Buffer.from([0])]));
    assert.notDeepEqual(leafWith({ ...e.details, sha256: other }), e.leaf);
    assert.notDeepEqual(leafWith({ ...e.details, sizeBytes: bytes.length + 1 }), e.leaf);
  });

  test('the station page lodges a file sent with the form, without JavaScript', async () => {
    const officer = await as('officer.kasarani');
    const page = await officer.get('/staff/ob/kasarani/footage');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="footage-form"/);
    const bytes = video();
    const res = await officer.postMultipart(
      '/staff/ob/kasarani/footage',
      { ...lodging, from: '2026-11-30T08:00', to: '2026-11-30T08:20' },
      [{ name: 'footage', filename: 'bwc.mp4', type: 'video/mp4', data: bytes }],
      { csrfFrom: '/staff/ob/kasarani/footage' },
    );
    assert.equal(res.statusCode, 303, res.body);
    const record = await officer.get(String(res.headers.location));
    assert.equal(record.statusCode, 200);
    assert.ok(record.body.includes(sha256(bytes)));
    const list = await officer.get('/staff/ob/kasarani/footage');
    assert.match(list.body, /BWC-0142/);
    const kiswahili = { cookie: `${officer.header()}; sauti_lang=sw` };
    const listSw = await officer.get('/staff/ob/kasarani/footage', kiswahili);
    assert.match(listSw.body, /Wasilisha video/);
    const recordSw = await officer.get(String(res.headers.location), kiswahili);
    assert.match(recordSw.body, /Mnyororo wa uhifadhi/);
  });

  test('bad lodgings are refused naming the field, and nothing is numbered', async () => {
    const entries = async () => (await pool().query('select count(*)::int as n from ob_entries')).rows[0].n;
    const before = await entries();
    const backwards = await lodge(await tusUpload(video()), 'officer.kasarani', 'kasarani', {
      ...lodging,
      to: '2026-11-30T07:00:00+03:00',
    });
    assert.equal(backwards.statusCode, 400);
    assert.equal(backwards.json().error.fields[0].field, 'to');
    const notVideo = await lodge(await tusUpload(samples.pdf));
    assert.equal(notVideo.statusCode, 400);
    assert.equal(notVideo.json().error.fields[0].field, 'upload');
    const none = await lodge('0'.repeat(32));
    assert.equal(none.statusCode, 400);
    const bytes = video();
    assert.equal((await lodge(await tusUpload(bytes))).statusCode, 201);
    const again = await lodge(await tusUpload(bytes));
    assert.equal(again.statusCode, 400, 'the same footage is lodged once');
    assert.match(again.json().error.fields[0].message, /already lodged/);
    assert.equal(await entries(), before + 1);
    const elsewhere = await lodge(await tusUpload(video()), 'officer.salama', 'kasarani');
    assert.equal(elsewhere.statusCode, 403);
    const outsider = await lodge(await tusUpload(video()), 'iau.investigator', 'kasarani');
    assert.equal(outsider.statusCode, 403);
    const anonymous = await postJson(sauti, new Browser(sauti.app), '/api/ob/stations/kasarani/footage', {
      upload: await tusUpload(video()),
      ...lodging,
    });
    assert.equal(anonymous.statusCode, 401);
  });
  test('the footage row commits with its entry: a lodging whose statement fails leaves neither', async () => {
    const counts = async () =>
      (
        await pool().query<{ entries: number; rows: number; orphans: number }>(
          `select (select count(*)::int from ob_entries where kind = 'footage') as entries,
             (select count(*)::int from ob_footage) as rows,
             (select count(*)::int from ob_entries e where e.kind = 'footage'
               and not exists (select 1 from ob_footage f where f.entry_id = e.id)) as orphans`,
        )
      ).rows[0]!;
    const before = await counts();
    const { id, obNumber } = await lodgeNew();
    assert.deepEqual(await counts(), { entries: before.entries + 1, rows: before.rows + 1, orphans: 0 });
    const { rows } = await pool().query(
      `select f.lodged_by = e.recorded_by as same_officer, f.lodged_at = e.recorded_at as same_time, f.camera_id,
         f.recorded_from, f.size_bytes::int as size from ob_footage f join ob_entries e on e.id = f.entry_id where f.id = $1`,
      [id],
    );
    assert.deepEqual(rows[0], {
      same_officer: true,
      same_time: true,
      camera_id: 'BWC-0142',
      recorded_from: new Date('2026-11-30T05:00:00Z'),
      size: 300_000,
    });
    // the footage row is refused from outside Sauti: the entry must not be stored without it
    await sauti.database.asOwner(`
      create function refuse_test_camera() returns trigger language plpgsql as $$
      begin
        if new.camera_id = 'BWC-REFUSED' then raise exception 'footage row refused'; end if;
        return new;
      end $$;
      create trigger refuse_test_camera before insert on ob_footage for each row execute function refuse_test_camera();`);
    try {
      const refused = await lodge(await tusUpload(video()), 'officer.kasarani', 'kasarani', {
        ...lodging,
        cameraId: 'BWC-REFUSED',
      });
      assert.equal(refused.statusCode, 500, refused.body);
      assert.deepEqual(await counts(), { entries: before.entries + 1, rows: before.rows + 1, orphans: 0 });
    } finally {
      await sauti.database.asOwner(
        'drop trigger refuse_test_camera on ob_footage; drop function refuse_test_camera();',
      );
    }
    const next = await lodgeNew();
    assert.deepEqual(await counts(), { entries: before.entries + 2, rows: before.rows + 2, orphans: 0 });
    const number = (ob: string) => Number(ob.split('/')[0]);
    assert.equal(number(next.obNumber), number(obNumber) + 1, 'the refused lodging took no number');
  });
});

describe('viewing and exporting footage', () => {
  test('an export is the lodged bytes with their hash, and each export is audited', async () => {
    const { id, bytes } = await lodgeNew();
    for (const who of ['officer.kasarani', 'ocs.kasarani', 'ipoa.liaison', 'ig.office']) {
      const res = await get(who, `/staff/ob/footage/${id}/export`);
      assert.equal(res.statusCode, 200, `${who}: ${res.statusCode}`);
      assert.equal(res.headers['x-content-sha256'], sha256(bytes));
      assert.match(String(res.headers['content-disposition']), /^attachment/);
      assert.deepEqual(res.rawPayload, bytes);
      assert.equal(await audited('ob.footage.export', id, who), 1, who);
    }
  });

  test('a view is audited when opened, and its player streams ranges only with that view', async () => {
    const { id, bytes } = await lodgeNew();
    const page = await get('ocs.kasarani', `/staff/ob/footage/${id}/view`);
    assert.equal(page.statusCode, 200);
    assert.equal(await audited('ob.footage.view', id, 'ocs.kasarani'), 1);
    const src = /<video[^>]* src="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const part = await get('ocs.kasarani', src, { range: 'bytes=1000-1999' });
    assert.equal(part.statusCode, 206);
    assert.equal(part.headers['content-range'], `bytes 1000-1999/${bytes.length}`);
    assert.deepEqual(part.rawPayload, bytes.subarray(1000, 2000));
    const tail = await get('ocs.kasarani', src, { range: 'bytes=-500' });
    assert.deepEqual(tail.rawPayload, bytes.subarray(bytes.length - 500));
    const beyond = await get('ocs.kasarani', src, { range: `bytes=${bytes.length}-` });
    assert.equal(beyond.statusCode, 416);
    assert.equal(await audited('ob.footage.view', id), 1, 'ranges of one view are one view');
    const grantless = await get('ocs.kasarani', `/staff/ob/footage/${id}/stream`);
    assert.equal(grantless.statusCode, 403);
    const borrowed = await get('officer.kasarani', src, { range: 'bytes=0-99' });
    assert.equal(borrowed.statusCode, 403, "another person's view does not stream");
  });

  test('an officer of another station and investigators without the case are refused, and nothing is streamed', async () => {
    const { id } = await lodgeNew();
    for (const who of ['officer.salama', 'ocs.salama', 'dci.investigator', 'gender.investigator', 'npsc.liaison']) {
      for (const path of ['', '/view', '/export']) {
        const res = await get(who, `/staff/ob/footage/${id}${path}`);
        assert.equal(res.statusCode, 404, `${who} ${path}: ${res.statusCode}`);
      }
      assert.equal((await get(who, `/api/ob/footage/${id}`)).statusCode, 404);
    }
    assert.equal((await get('officer.salama', '/staff/ob/kasarani/footage')).statusCode, 403);
    assert.equal(await audited('ob.footage.view', id), 0);
    assert.equal(await audited('ob.footage.export', id), 0);
    const anonymous = await new Browser(sauti.app).get(`/staff/ob/footage/${id}/export`);
    assert.notEqual(anonymous.statusCode, 200);
  });
});

describe('footage as evidence in a case', () => {
  const newCase = async (unitCode: string) =>
    openCase(pool(), {
      source: 'ob',
      category: 'brutality',
      unitCode,
      title: 'Assault during an arrest at Kasarani market',
      summary: 'Complaint that the suspect was beaten during the arrest.',
      clocks: { firstResponse: roundTheClock(48) },
      openedAt: sauti.platform.clock.now(),
      openedBy: { kind: 'system', label: 'test' },
    });

  test('attached to an IAU case, its chain shows the lodging, each view and the attachment, in order', async () => {
    const { id, obNumber, bytes } = await lodgeNew();
    const iauCase = await newCase('IAU');
    assert.equal((await get('iau.investigator', `/staff/ob/footage/${id}/view`)).statusCode, 200);
    const attach = await postJson(sauti, await as('iau.investigator'), `/api/ob/footage/${id}/cases`, {
      case: iauCase.reference,
    });
    assert.equal(attach.statusCode, 201, attach.body);
    const twice = await postJson(sauti, await as('iau.investigator'), `/api/ob/footage/${id}/cases`, {
      case: iauCase.reference,
    });
    assert.equal(twice.statusCode, 400);
    assert.equal((await get('iau.investigator', `/staff/ob/footage/${id}/export`)).statusCode, 200);
    const record = (await get('iau.investigator', `/api/ob/footage/${id}`)).json();
    assert.deepEqual(
      record.chain.map((s: { action: string; ref: string | null }) => [s.action, s.ref]),
      [
        ['lodged', `OB ${obNumber}`],
        ['viewed', null],
        ['attached', iauCase.reference],
        ['exported', null],
      ],
    );
    assert.match(record.chain[0].by, /officer\.kasarani/);
    assert.match(record.chain[1].by, /iau\.investigator/);
    const { rows } = await pool().query(
      `select action, actor_label, detail from case_history where case_id = $1 and action = 'ob_footage_attached'`,
      [iauCase.id],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].detail.sha256, sha256(bytes));
    assert.equal(rows[0].detail.ob, obNumber);
    const casePage = await get('iau.investigator', `/staff/cases/${iauCase.reference}`);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, /body-camera footage attached/);
  });

  test("a DCI investigator refused before may view it once it is attached to the DCI's case", async () => {
    const { id, bytes } = await lodgeNew();
    const dciCase = await newCase('DCI');
    assert.equal((await get('dci.investigator', `/staff/ob/footage/${id}/export`)).statusCode, 404);
    const refused = await postJson(sauti, await as('ocs.kasarani'), `/api/ob/footage/${id}/cases`, {
      case: dciCase.reference,
    });
    assert.equal(refused.statusCode, 400, 'a case one cannot see is no case to attach to');
    assert.equal(refused.json().error.fields[0].field, 'case');
    const form = await (
      await as('ig.office')
    ).post(`/staff/ob/footage/${id}/cases`, { case: dciCase.reference }, { csrfFrom: `/staff/ob/footage/${id}` });
    assert.equal(form.statusCode, 303, form.body);
    const res = await get('dci.investigator', `/staff/ob/footage/${id}/export`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.rawPayload, bytes);
    assert.equal(await audited('ob.footage.export', id, 'dci.investigator'), 1);
    assert.equal((await get('gender.investigator', `/staff/ob/footage/${id}/export`)).statusCode, 404);
  });
});
