import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../test/helpers.ts';
import { syncReferenceData } from './reference.ts';
import { importStations } from './stations-import.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false });
});
after(() => sauti.close());

const stationsIn = async (county: string) =>
  (
    await sauti.platform.db.pool.query<{ id: string; name: string; kind: string }>(
      'select id, name, kind from stations where county_code = $1 order by id',
      [county],
    )
  ).rows;

test('a CSV of stations is loaded, and existing ones are updated', async () => {
  const csv =
    'id,name,county_code,kind\nkangundo,Kangundo Police Station,16,station\n"kasarani","Kasarani Police Station, Nairobi",047,\nmlolongo-post,"Mlolongo ""Weighbridge"" Post",016,post\n';
  const result = await importStations(sauti.platform.db, csv, sauti.platform.config.jurisdiction);
  assert.deepEqual([result.imported, result.problems, result.applied], [3, [], true]);
  assert.deepEqual(
    [result.plan?.added.map((s) => s.id), result.plan?.changed.map((s) => s.id), result.plan?.unchanged],
    [['kangundo', 'mlolongo-post'], ['kasarani'], 0],
  );
  assert.deepEqual(
    (await stationsIn('016')).map((s) => [s.id, s.kind]),
    [
      ['kangundo', 'station'],
      ['machakos', 'station'],
      ['mlolongo-post', 'post'],
    ],
  );
  const kasarani = (await stationsIn('047')).find((s) => s.id === 'kasarani');
  assert.equal(kasarani?.name, 'Kasarani Police Station, Nairobi');
  assert.ok((await stationsIn('016')).some((s) => s.name === 'Mlolongo "Weighbridge" Post'));
});

test('a file with any wrong line imports nothing and names each problem', async () => {
  const csv =
    'id,name,county_code\ngood-one,Good Station,001\nBad Id,Bad,001\nno-county,Somewhere,099\ngood-one,Again,001\n';
  const result = await importStations(sauti.platform.db, csv, sauti.platform.config.jurisdiction);
  assert.equal(result.imported, 0);
  assert.deepEqual(
    result.problems.map((p) => p.line),
    [3, 4, 5],
  );
  assert.equal(
    (await stationsIn('001')).some((s) => s.id === 'good-one'),
    false,
  );
  const header = await importStations(sauti.platform.db, 'name,county\nx,001\n', sauti.platform.config.jurisdiction);
  assert.match(header.problems[0]!.message, /header/);
});

test('an imported station can be chosen on the report form at once', async () => {
  await importStations(
    sauti.platform.db,
    'id,name,county_code\nmatuu,Matuu Police Station,016\n',
    sauti.platform.config.jurisdiction,
  );
  const res = await sauti.app.inject({
    method: 'POST',
    url: '/api/reports',
    payload: { category: 'other', description: 'x', county: '016', station: 'matuu', anonymous: true },
  });
  assert.equal(res.statusCode, 201);
});

test('a second import of the same file changes nothing, and each change is audited once', async () => {
  const csv = 'id,name,county_code\nkibwezi,Kibwezi Police Station,017\nmachakos,Machakos Central Police Station,016\n';
  const first = await importStations(sauti.platform.db, csv, sauti.platform.config.jurisdiction);
  assert.deepEqual([first.plan?.added.length, first.plan?.changed.length], [1, 1]);
  const again = await importStations(sauti.platform.db, csv, sauti.platform.config.jurisdiction);
  assert.deepEqual([again.imported, again.plan?.unchanged], [0, 2]);
  const { rows } = await sauti.platform.db.pool.query<{ action: string; subject_id: string; actor_label: string }>(
    `select action, subject_id, actor_label from audit_log where subject_type = 'station' and subject_id in ('kibwezi', 'machakos')
     order by id`,
  );
  assert.deepEqual(
    rows.map((r) => [r.action, r.subject_id, r.actor_label]),
    [
      ['station.create', 'kibwezi', 'sauti stations import'],
      ['station.update', 'machakos', 'sauti stations import'],
    ],
  );
});

test('a preview writes nothing; a confirmation of a plan the stations have moved on from writes nothing', async () => {
  const { db, config } = sauti.platform;
  const csv = 'id,name,county_code\nkathiani,Kathiani Police Station,016\n';
  const preview = await importStations(db, csv, config.jurisdiction, { preview: true });
  assert.deepEqual([preview.applied, preview.imported, preview.plan?.added.length], [false, 1, 1]);
  assert.equal(
    (await stationsIn('016')).some((s) => s.id === 'kathiani'),
    false,
  );
  const stale = await importStations(db, csv, config.jurisdiction, { expect: 'not-this-plan' });
  assert.deepEqual([stale.applied, stale.stale], [false, true]);
  assert.equal(
    (await stationsIn('016')).some((s) => s.id === 'kathiani'),
    false,
  );
  const done = await importStations(db, csv, config.jurisdiction, { expect: preview.plan!.digest });
  assert.equal(done.applied, true);
  assert.ok((await stationsIn('016')).some((s) => s.id === 'kathiani'));
});

test('an imported name survives the seed list written at the next start', async () => {
  const { db, config } = sauti.platform;
  await importStations(db, 'id,name,county_code\nnyali,Nyali Police Station (Mombasa),001\n', config.jurisdiction);
  await syncReferenceData(db, config.jurisdiction);
  assert.equal((await stationsIn('001')).find((s) => s.id === 'nyali')?.name, 'Nyali Police Station (Mombasa)');
  assert.equal(
    (await stationsIn('001')).find((s) => s.id === 'mombasa-central')?.name,
    'Central Police Station, Mombasa',
  );
});

test('a station with reports filed in its county does not move county; the line says why and nothing is written', async () => {
  const { db, config } = sauti.platform;
  const filed = await sauti.app.inject({
    method: 'POST',
    url: '/api/reports',
    payload: { category: 'other', description: 'x', county: '017', station: 'salama', anonymous: true },
  });
  assert.equal(filed.statusCode, 201);
  const csv = 'id,name,county_code\nsultan-hamud,Sultan Hamud Police Station,017\nsalama,Salama Police Station,016\n';
  const result = await importStations(db, csv, config.jurisdiction);
  assert.deepEqual(
    result.problems.map((p) => [p.line, p.reason]),
    [[3, 'moved']],
  );
  assert.equal(result.applied, false);
  assert.equal(
    (await stationsIn('017')).some((s) => s.id === 'sultan-hamud'),
    false,
  );
});
