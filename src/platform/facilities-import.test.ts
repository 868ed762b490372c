import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../test/helpers.ts';
import { BadInput } from './http/errors.ts';
import { createUser } from './auth/service.ts';
import { importFacilities } from './facilities-import.ts';

let sauti: TestContext;
before(async () => {
  sauti = await startSauti({ demoStaff: false });
});
after(() => sauti.close());

const facilitiesIn = async (county: string) =>
  (
    await sauti.platform.db.pool.query<{ id: string; name: string; kind: string }>(
      'select id, name, kind from facilities where county_code = $1 order by id',
      [county],
    )
  ).rows;
const load = (csv: string) => importFacilities(sauti.platform.db, csv, sauti.platform.config.jurisdiction);

test('the seed list is there from the start: Makueni County Referral Hospital among them', async () => {
  const makueni = await facilitiesIn('017');
  assert.ok(makueni.some((f) => f.name === 'Makueni County Referral Hospital' && f.kind === 'hospital'));
  assert.ok((await facilitiesIn('047')).some((f) => f.name === 'Kenyatta National Hospital'));
});

test('a CSV of facilities is loaded, and existing ones are updated', async () => {
  const csv = [
    '\ufeffid,name,county_code,kind',
    'kathonzweni-health-centre,Kathonzweni Health Centre,17,health_centre',
    '"kenyatta-national-hospital","Kenyatta National Hospital, Nairobi",047,',
    'nthongoni-dispensary,"Nthongoni ""Kibwezi"" Dispensary",017,dispensary',
    '',
  ].join('\r\n');
  assert.deepEqual(await load(csv), { imported: 3, problems: [] });
  const makueni = await facilitiesIn('017');
  assert.deepEqual(
    makueni.filter((f) => !f.id.endsWith('hospital')).map((f) => [f.id, f.kind]),
    [
      ['emali-health-centre', 'health_centre'],
      ['kathonzweni-health-centre', 'health_centre'],
      ['nthongoni-dispensary', 'dispensary'],
    ],
  );
  assert.ok(makueni.some((f) => f.name === 'Nthongoni "Kibwezi" Dispensary'));
  const knh = (await facilitiesIn('047')).find((f) => f.id === 'kenyatta-national-hospital');
  assert.deepEqual([knh?.name, knh?.kind], ['Kenyatta National Hospital, Nairobi', 'hospital']);
});

test('a file with any wrong line imports nothing and names each problem', async () => {
  const csv =
    'id,name,county_code,kind\ngood-one,Good Dispensary,001,dispensary\nBad Id,Bad,001\nno-county,Somewhere,099\ngood-one,Again,001\nclinic,A Clinic,001,clinic\n,,,\n';
  const result = await load(csv);
  assert.equal(result.imported, 0);
  assert.deepEqual(
    result.problems.map((p) => p.line),
    [3, 4, 5, 6, 7, 7, 7],
  );
  assert.match(result.problems[3]!.message, /kind "clinic" must be hospital, health_centre or dispensary/);
  assert.equal(
    (await facilitiesIn('001')).some((f) => f.id === 'good-one'),
    false,
  );
  const header = await load('name,county\nx,001\n');
  assert.match(header.problems[0]!.message, /header/);
});

test('a medical officer belongs to a facility, and nobody else does', async () => {
  const base = { displayName: 'Dr. Test', password: 'a strong password here' };
  const refusedFields = async (input: Parameters<typeof createUser>[1]) => {
    const error = await createUser(sauti.platform.db.pool, input).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof BadInput, String(error));
    return error.problems.map((p) => p.field);
  };
  assert.deepEqual(await refusedFields({ ...base, username: 'medic.none', role: 'medical_officer' }), ['facility']);
  assert.deepEqual(
    await refusedFields({
      ...base,
      username: 'officer.medic',
      role: 'officer',
      stationId: 'salama',
      serviceNumber: '2019-104233',
      facilityId: 'kibwezi-hospital',
    }),
    ['facility'],
  );
  await createUser(sauti.platform.db.pool, {
    ...base,
    username: 'medic.kibwezi',
    role: 'medical_officer',
    facilityId: 'kibwezi-hospital',
  });
  const { rows } = await sauti.platform.db.pool.query('select role, facility_id from users where username = $1', [
    'medic.kibwezi',
  ]);
  assert.deepEqual(rows, [{ role: 'medical_officer', facility_id: 'kibwezi-hospital' }]);
  await assert.rejects(
    sauti.platform.db.pool.query("update users set facility_id = null where username = 'medic.kibwezi'"),
    /users_facility_check/,
  );
});
