import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, demoAccounts, fileReport, startSauti, type TestContext } from '../../../../test/helpers.ts';

/** The administrator's screens for stations, their CSV import and the units: what they do, refuse, and who is kept out. */

let sauti: TestContext;
const { as } = demoAccounts(() => sauti.app);
const pool = () => sauti.platform.db.pool;
const stations = '/staff/admin/stations';
const importPage = `${stations}/import`;
const count = async (sql: string, params: unknown[] = []) =>
  (await pool().query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params)).rows[0]!.n;
const stationRow = async (id: string) =>
  (
    await pool().query<{ name: string; county_code: string; kind: string; closed: boolean }>(
      'select name, county_code, kind, closed_at is not null as closed from stations where id = $1',
      [id],
    )
  ).rows[0];
/** Audit rows of an action on a station, written under the demo administrator's own account. */
const auditedByAdmin = (action: string, id: string) =>
  count(
    `select 1 from audit_log a join users u on u.id = a.actor_id
     where u.username = 'admin' and a.action = $1 and a.subject_type = 'station' and a.subject_id = $2`,
    [action, id],
  );
const stationAudits = () => count(`select 1 from audit_log where action like 'station.%'`);

before(async () => {
  sauti = await startSauti({ workers: false });
});
after(() => sauti.close());

const post = async (url: string, form: Record<string, string>) =>
  (await as('admin')).post(url, form, { csrfFrom: `${stations}/new` });
const upload = async (csv: string | Buffer, name = 'stations.csv', type = 'text/csv') =>
  (await as('admin')).postMultipart(
    importPage,
    {},
    [{ name: 'file', filename: name, type, data: Buffer.isBuffer(csv) ? csv : Buffer.from(csv) }],
    { csrfFrom: importPage },
  );

test('the administrator finds stations by name and county, page by page', async () => {
  const admin = await as('admin');
  const all = (await admin.get(stations)).body;
  assert.match(all, /Page 1 of 2/);
  assert.match((await admin.get(`${stations}?page=2`)).body, /Page 2 of 2/);
  const byName = (await admin.get(`${stations}?q=salama`)).body;
  assert.match(byName, /1 station</);
  assert.match(byName, /href="\/staff\/admin\/station\/salama">Salama Police Station</);
  const machakos = (await admin.get(`${stations}?county=016`)).body;
  assert.match(machakos, /Machakos Police Station/);
  assert.ok(!machakos.includes('Salama Police Station'), 'Salama is in Makueni, not Machakos');
  const page = (await admin.get('/staff/admin/station/salama')).body;
  assert.match(page, /Makueni \(017\)/);
  assert.match(page, /value="Salama Police Station"/);
});

test('the administrator creates, edits, closes and reopens a station, each audited', async () => {
  const created = await post(`${stations}/new`, {
    id: 'kangundo',
    name: 'Kangundo Police Station',
    county: '016',
    kind: 'station',
  });
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/staff/admin/station/kangundo?done=created');
  assert.match((await (await as('admin')).get(String(created.headers.location))).body, /The station is created\./);
  assert.deepEqual(await stationRow('kangundo'), {
    name: 'Kangundo Police Station',
    county_code: '016',
    kind: 'station',
    closed: false,
  });
  const edited = await post('/staff/admin/station/kangundo/details', {
    name: 'Kangundo Police Post',
    county: '016',
    kind: 'post',
  });
  assert.equal(edited.headers.location, '/staff/admin/station/kangundo?done=saved');
  assert.equal((await stationRow('kangundo'))!.kind, 'post');
  const same = await post('/staff/admin/station/kangundo/details', {
    name: 'Kangundo Police Post',
    county: '016',
    kind: 'post',
  });
  assert.equal(same.headers.location, '/staff/admin/station/kangundo?done=unchanged');
  assert.equal((await post('/staff/admin/station/kangundo/state', { closed: 'yes' })).statusCode, 303);
  assert.equal((await stationRow('kangundo'))!.closed, true);
  assert.match((await (await as('admin')).get(`${stations}?state=closed`)).body, /Kangundo Police Post/);
  assert.equal((await post('/staff/admin/station/kangundo/state', { closed: 'no' })).statusCode, 303);
  assert.equal((await stationRow('kangundo'))!.closed, false);
  for (const action of ['station.create', 'station.update', 'station.close', 'station.reopen'])
    assert.equal(await auditedByAdmin(action, 'kangundo'), 1, action);
  const { rows } = await pool().query<{ detail: { name: string; was: { name: string } } }>(
    `select detail from audit_log where action = 'station.update' and subject_id = 'kangundo'`,
  );
  assert.deepEqual(
    [rows[0]!.detail.name, rows[0]!.detail.was.name],
    ['Kangundo Police Post', 'Kangundo Police Station'],
  );
});

test('bad input is refused with a clear error naming the field, and changes nothing', async () => {
  const before = [await count('select 1 from stations'), await stationAudits()];
  const unknown = await post(`${stations}/new`, { id: 'atlantis', name: 'Atlantis Police Station', county: '099' });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /Choose one of the 47 counties\./);
  assert.match(unknown.body, /href="#county"/);
  const taken = await post(`${stations}/new`, { id: 'salama', name: 'Another Salama', county: '017' });
  assert.equal(taken.statusCode, 400);
  assert.match(taken.body, /A station with this id exists already/);
  const empty = await post(`${stations}/new`, { id: 'no-name', name: '   ', county: '017' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Give the station.{1,6}s name/);
  const badId = await post(`${stations}/new`, { id: 'Bad Id', name: 'Bad', county: '017', kind: 'fortress' });
  assert.equal(badId.statusCode, 400);
  assert.match(badId.body, /Give an id of 2 to 63 lower-case letters/);
  assert.match(badId.body, /Choose police station, traffic base or police post\./);
  const blanked = await post('/staff/admin/station/salama/details', { name: '', county: '017', kind: 'station' });
  assert.equal(blanked.statusCode, 400);
  assert.equal((await stationRow('salama'))!.name, 'Salama Police Station');
  assert.deepEqual([await count('select 1 from stations'), await stationAudits()], before);
  assert.equal((await (await as('admin')).get('/staff/admin/station/nowhere')).statusCode, 404);
  assert.equal((await post('/staff/admin/station/nowhere/state', { closed: 'yes' })).statusCode, 404);
});

test('a station with reports filed in its county is not moved to another', async () => {
  await fileReport(sauti.app);
  const moved = await post('/staff/admin/station/salama/details', {
    name: 'Salama Police Station',
    county: '016',
    kind: 'station',
  });
  assert.equal(moved.statusCode, 400);
  assert.match(moved.body, /Reports filed at this station name its county/);
  assert.equal((await stationRow('salama'))!.county_code, '017');
});

test('the preview of a file with a wrong line names the line and why, and changes nothing', async () => {
  const before = [await count('select 1 from stations'), await stationAudits()];
  const res = await upload(
    'id,name,county_code\nmatuu,Matuu Police Station,016\nkathiani,Kathiani Police Station,099\n',
  );
  assert.equal(res.statusCode, 303);
  const preview = (await (await as('admin')).get(String(res.headers.location))).body;
  assert.match(preview, /1 problem</);
  assert.match(preview, /<td>3<\/td><td>The county code (&quot;|")099(&quot;|") is not one of the 47 counties/);
  assert.ok(!preview.includes('Import these stations'), 'a file with a wrong line cannot be confirmed');
  assert.equal(await stationRow('matuu'), undefined);
  assert.deepEqual([await count('select 1 from stations'), await stationAudits()], before);
});

test('a good file is previewed, changes nothing until confirmed, then applies once, audited', async () => {
  const csv =
    'id,name,county_code,kind\nmatuu,Matuu Police Station,16,station\nsalama,Salama Police Station,017,\nmachakos,Machakos Central Police Station,016,station\n';
  const res = await upload(csv);
  const address = String(res.headers.location);
  const admin = await as('admin');
  const preview = (await admin.get(address)).body;
  assert.match(preview, /New stations<\/dt>\s*<dd>1</);
  assert.match(preview, /Changed stations<\/dt>\s*<dd>1</);
  assert.match(preview, /Unchanged stations<\/dt>\s*<dd>1</);
  assert.match(preview, /<del>Machakos Police Station<\/del> <ins>Machakos Central Police Station<\/ins>/);
  assert.equal(await stationRow('matuu'), undefined, 'a preview changes nothing');
  const digest = /name="digest" value="([0-9a-f]+)"/.exec(preview)![1]!;
  const stale = await admin.post(`${address}/confirm`, { digest: 'f'.repeat(64) }, { csrfFrom: address });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /The stations changed after your preview/);
  assert.equal(await stationRow('matuu'), undefined);
  const done = await admin.post(`${address}/confirm`, { digest }, { csrfFrom: address });
  assert.equal(done.statusCode, 303);
  assert.match((await admin.get(address)).body, /The file is imported/);
  assert.equal((await stationRow('matuu'))!.county_code, '016');
  assert.equal((await stationRow('machakos'))!.name, 'Machakos Central Police Station');
  assert.equal(await auditedByAdmin('station.create', 'matuu'), 1);
  assert.equal(await auditedByAdmin('station.update', 'machakos'), 1);
  assert.equal(await count(`select 1 from audit_log where action = 'station.import'`), 1);
  const again = await admin.post(`${address}/confirm`, { digest }, { csrfFrom: importPage });
  assert.equal(again.statusCode, 409);
  assert.equal(await count(`select 1 from audit_log where action = 'station.import'`), 1);
});

test('an upload that is not a CSV file, too large or missing is refused', async () => {
  const big = await upload(`id,name,county_code\n${'x'.repeat(1024 * 1024 + 10)}`);
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /larger than 1024 KB/);
  const binary = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe]), 'stations.xlsx');
  assert.equal(binary.statusCode, 415);
  assert.match(binary.body, /The file is not CSV text/);
  const none = await (await as('admin')).postMultipart(importPage, {}, [], { csrfFrom: importPage });
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Choose the CSV file to upload\./);
  assert.equal(await count('select 1 from station_imports where applied_at is null and csv like $1', ['%xxxx%']), 0);
});

test('the units are listed with their staff, read-only, saying where they are changed', async () => {
  const page = (await (await as('admin')).get('/staff/admin/units')).body;
  assert.match(page, /src\/jurisdiction\/kenya\/units\.ts/);
  const iau = await count(`select 1 from users where unit_code = 'IAU' and disabled_at is null`);
  assert.match(page, new RegExp(`<code>IAU</code></td><td>${iau}</td>`));
  assert.ok(!page.includes('action="/staff/admin'), 'nothing on the units screen changes anything');
});

test('no one but an administrator sees or changes stations, imports or units', async () => {
  const audits = await stationAudits();
  const imports = await count('select 1 from station_imports');
  for (const username of ['ig.office', 'iau.investigator', 'ipoa.liaison', 'ocs.salama', 'moderator']) {
    const other = await as(username);
    for (const url of [stations, `${stations}/new`, importPage, '/staff/admin/station/salama', '/staff/admin/units'])
      assert.equal((await other.get(url)).statusCode, 403, `${username} ${url}`);
    const form = { id: 'sneaky', name: 'Sneaky', county: '017', kind: 'station', closed: 'yes' };
    for (const url of [`${stations}/new`, '/staff/admin/station/salama/details', '/staff/admin/station/salama/state'])
      assert.equal((await other.post(url, form, { csrfFrom: '/staff' })).statusCode, 403, `${username} ${url}`);
    const file = [{ name: 'file', filename: 's.csv', type: 'text/csv', data: Buffer.from('id,name,county_code\n') }];
    assert.equal((await other.postMultipart(importPage, {}, file, { csrfFrom: '/staff' })).statusCode, 403, username);
    assert.equal(
      (await other.post(`${importPage}/1/confirm`, { digest: 'x' }, { csrfFrom: '/staff' })).statusCode,
      403,
    );
  }
  const nobody = await new Browser(sauti.app).get(stations);
  assert.ok([302, 303].includes(nobody.statusCode), String(nobody.statusCode));
  assert.equal(await stationRow('sneaky'), undefined);
  assert.equal((await stationRow('salama'))!.closed, false);
  assert.deepEqual([await stationAudits(), await count('select 1 from station_imports')], [audits, imports]);
});

test('every screen reads in Kiswahili', async () => {
  const admin = await as('admin');
  admin.cookies.set('sauti_lang', 'sw');
  try {
    for (const url of [stations, `${stations}/new`, importPage, '/staff/admin/station/salama', '/staff/admin/units']) {
      const res = await admin.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /Vituo|Kituo|Vitengo|Leta/, url);
    }
    const refused = await post(`${stations}/new`, { id: 'x', name: '', county: '099', kind: 'fortress' });
    assert.match(refused.body, /Chagua mojawapo ya kaunti 47\./);
    const res = await upload('id,name,county_code\nBad Id,,099\n');
    const preview = (await admin.get(String(res.headers.location))).body;
    assert.match(preview, /Makosa 3</);
    assert.match(preview, /si mojawapo ya kaunti 47/);
  } finally {
    admin.cookies.delete('sauti_lang');
  }
});
