import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../test/helpers.ts';
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
  assert.deepEqual(result, { imported: 3, problems: [] });
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
