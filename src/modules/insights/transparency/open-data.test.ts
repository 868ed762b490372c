import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../../../test/helpers.ts';
import { assertMonthSafe, generator, randomMonth } from './attack.ts';
import { releaseTables, tableNames } from './catalogue.ts';
import { checkCsv, checkDescriptor, parseCsv } from './frictionless-check.ts';
import { NOW, november, seedAndRelease } from './harness.ts';
import { buildReleaseTables, type MonthFacts, type ReleaseTables, type Row, type Value } from './tables.ts';

let sauti: TestContext;
let october: MonthFacts;
const rules = { standard: { k: 5 }, custody: { k: 10 } };

const get = (url: string) => sauti.app.inject({ method: 'GET', url, remoteAddress: '10.2.0.1' });

before(async () => {
  // a generous limit: this file downloads every table of two months in a burst
  sauti = await startSauti({ workers: false, demoStaff: false, env: { TRANSPARENCY_RATE_LIMIT: '10000' } });
  sauti.platform.clock.set(NOW);
  october = randomMonth(generator(20261031), ['001', '017', '030', '047']);
  assert.deepEqual(await seedAndRelease(sauti, october), ['2026-10', '2026-11']);
});
after(() => sauti.close());

async function descriptor(month: string): Promise<Record<string, unknown>> {
  const res = await get(`/transparency/data/${month}/datapackage.json`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return res.json();
}

describe('the open data', () => {
  for (const month of ['2026-10', '2026-11'])
    test(`${month}: the data package and every CSV validate against the Frictionless specifications`, async () => {
      const p = await descriptor(month);
      const { problems, resources } = checkDescriptor(p);
      assert.deepEqual(problems, []);
      assert.deepEqual(
        resources.map((r) => r.name),
        [...tableNames],
      );
      assert.deepEqual(p.licenses, [
        {
          name: 'CC-BY-4.0',
          path: 'https://creativecommons.org/licenses/by/4.0/',
          title: 'Creative Commons Attribution 4.0',
        },
      ]);
      assert.match(JSON.stringify(p.sources), /8812:8815:8813/, 'the snapshot is a source');
      for (const r of resources) {
        const csv = await get(`/transparency/data/${month}/${String(r.path)}`);
        assert.equal(csv.statusCode, 200, String(r.path));
        assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
        assert.deepEqual(checkCsv(r, csv.body), [], String(r.name));
        const json = (await get(`/transparency/data/${month}/${String(r.name)}.json`)).json<{
          rows: Record<string, unknown>[];
          fields: string[];
        }>();
        const [, ...rows] = parseCsv(csv.body);
        assert.deepEqual(
          json.rows.map((row) => json.fields.map((f) => (row[f] === null ? '' : String(row[f])))),
          rows,
          `${String(r.name)}: the JSON holds what the CSV does`,
        );
      }
    });

  test('the custody table declares its own marker, and the OB tables name the checkpoint', async () => {
    const p = await descriptor('2026-11');
    const resources = p.resources as Array<{ name: string; schema: { missingValues: string[] }; sources: unknown[] }>;
    const custody = resources.find((r) => r.name === 'custody_by_county')!;
    assert.deepEqual(custody.schema.missingValues, ['', 'fewer than 10', 'withheld']);
    assert.match(JSON.stringify(custody.sources), /checkpoint of 48213 entries/);
    const json = (await get('/transparency/data/2026-11/custody_by_county.json')).json<{
      provenance: Record<string, unknown>;
    }>();
    assert.deepEqual(json.provenance.ob_checkpoint, {
      size: 48213,
      root: 'q1bUS6m2iA0vTg5bIj2V3b3cJvKJ1nLwRrJ0bX+0m9k=',
      witnesses: 0,
    });
    assert.equal(json.provenance.database_snapshot, '8812:8815:8813');
  });
});

/** A published JSON value back as the protection's: a marker is a hidden figure. */
function fromJson(v: unknown): Value {
  if (v === 'withheld') return { hidden: 'withheld' };
  if (typeof v === 'string' && /^fewer than \d+$/.test(v)) return { hidden: 'small' };
  return v as Value;
}

describe('differencing', () => {
  for (const [month, facts] of [
    ['2026-10', () => october],
    ['2026-11', () => november],
  ] as const)
    test(`${month}: an attack on every table downloaded finds no hidden figure, and every shown one is right`, async () => {
      const published = {} as ReleaseTables;
      for (const name of releaseTables) {
        const json = (await get(`/transparency/data/${month}/${name}.json`)).json<{
          rows: Record<string, unknown>[];
        }>();
        published[name as keyof ReleaseTables] = json.rows.map(
          (row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromJson(v)])) as Row,
        );
      }
      const counties = sauti.platform.config.jurisdiction.counties;
      const truth = buildReleaseTables(facts(), counties, { standard: { k: 1 }, custody: { k: 1 } });
      const hidden = assertMonthSafe(published, truth, rules, month);
      assert.ok(hidden > 0, 'the month has hidden figures to attack');
    });
});
