import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemo } from '../../../platform/boot.ts';
import { modules } from '../../index.ts';
import { fileReport, startSauti, type TestContext } from '../../../../test/helpers.ts';
import { percentileOf } from '../durations.ts';
import { refreshInsights } from './service.ts';

let sauti: TestContext;

before(async () => {
  sauti = await startSauti({ demoStaff: false, workers: false });
  await loadDemo(sauti.platform, modules);
});
after(() => sauti?.close());

const one = async <T>(sql: string, params: unknown[] = []) =>
  (await sauti.platform.db.pool.query<T & object>(sql, params)).rows[0]!;

test('a rebuild counts every case, OB entry, request and notice once, and names its snapshot and checkpoint', async () => {
  const refresh = await refreshInsights(sauti.platform);
  assert.match(refresh.snapshot, /^\d+:\d+:/);
  const cases = await one<{ direct: string; rolled: string; counties: string }>(
    `select (select count(*) from cases) as direct, (select sum(cases) from insights_cases) as rolled,
       (select sum(cases) from insights_case_counties) as counties`,
  );
  assert.ok(Number(cases.direct) > 0, 'the demo has cases');
  assert.equal(cases.rolled, cases.direct);
  assert.equal(cases.counties, cases.direct);
  const ob = await one<{ direct: string; rolled: string; logged: string }>(
    `select (select count(*) from ob_entries where kind <> 'day_close') as direct,
       (select coalesce(sum(entries), 0) from insights_ob) as rolled,
       (select coalesce(sum(logged_entries), 0) from insights_ob) as logged`,
  );
  assert.equal(ob.rolled, ob.direct);
  assert.ok(Number(ob.logged) <= Number(ob.direct));
  if (refresh.checkpoint_size !== null) assert.ok(Number(ob.logged) <= Number(refresh.checkpoint_size));
  const fines = await one<{ direct: string; rolled: string }>(
    `select (select count(*) from fine_notices) as direct, (select coalesce(sum(notices), 0) from insights_fines) as rolled`,
  );
  assert.equal(fines.rolled, fines.direct);
  const documents = await one<{ direct: string; rolled: string }>(
    `select (select count(*) from document_requests) as direct, (select coalesce(sum(requested), 0) from insights_documents) as rolled`,
  );
  assert.equal(documents.rolled, documents.direct);
});

test('every slice and county rollup adds up to what it summarises, for each month and filter', async () => {
  await refreshInsights(sauti.platform);
  // each combination of county, unit and category or outcome ('*': all), against the county rollup added up
  const { rows } = await sauti.platform.db.pool.query<{ slices: string; mismatched: string; national: string }>(
    `with expected as (
       select s.month, s.county_code, s.unit_code, s.category, s.outcome, s.cases,
         (select coalesce(sum(c.cases), 0) from insights_case_counties c
           where c.month = s.month and (s.county_code = '*' or c.county_code is not distinct from s.county_code)
             and (s.unit_code = '*' or c.unit_code = s.unit_code) and (s.category = '*' or c.category = s.category)
             and (s.outcome = '*' or c.outcome = s.outcome)) as counted
       from insights_case_slices s)
     select count(*) as slices, count(*) filter (where cases <> counted) as mismatched,
       (select sum(cases) from insights_case_slices where county_code = '*' and unit_code = '*' and category = '*'
          and outcome = '*') as national
     from expected`,
  );
  const direct = await one<{ n: string }>('select count(*) as n from cases');
  assert.ok(Number(rows[0]!.slices) > 12, 'there are slices at every grain');
  assert.equal(rows[0]!.mismatched, '0');
  assert.equal(rows[0]!.national, direct.n);
  const durations = await one<{ n: number; responded: string }>(
    `select (select sum(x) from insights_duration_slices, unnest(response_hours) x
        where county_code = '*' and unit_code = '*')::int as n,
       (select count(*) from cases where first_responded_at is not null) as responded`,
  );
  assert.equal(String(durations.n ?? 0), durations.responded);
  const counties = await one<Record<string, string>>(
    `select (select count(*) from document_requests) as documents,
       (select coalesce(sum(requested), 0) from insights_document_counties) as document_counties,
       (select count(*) from fine_notices) as fines, (select coalesce(sum(notices), 0) from insights_fine_counties) as fine_counties,
       (select coalesce(sum(custody_breaches), 0) from insights_ob) as breaches,
       (select coalesce(sum(custody_breaches), 0) from insights_ob_counties) as breach_counties,
       (select count(*) from ob_entries where kind <> 'day_close') as entries,
       (select coalesce(sum(entries), 0) from insights_ob_counties) as entry_counties,
       (select count(*) from cases where station_id is not null) as station_cases,
       (select coalesce(sum(cases), 0) from insights_station_categories) as station_categories`,
  );
  assert.equal(counties.document_counties, counties.documents);
  assert.equal(counties.fine_counties, counties.fines);
  assert.equal(counties.breach_counties, counties.breaches);
  assert.equal(counties.entry_counties, counties.entries);
  assert.equal(counties.station_categories, counties.station_cases);
});

test('response-time histograms hold every responded case, and their median is near the exact one', async () => {
  await refreshInsights(sauti.platform);
  const { rows } = await sauti.platform.db.pool.query<{
    hist: number[] | null;
    responded: string;
    exact: number | null;
  }>(
    `select (select insights_sum_hist(response_hours) from insights_case_durations) as hist,
       (select count(*) from cases where first_responded_at is not null) as responded,
       (select percentile_disc(0.5) within group (order by extract(epoch from first_responded_at - opened_at) / 3600)
          from cases where first_responded_at is not null) as exact`,
  );
  const { hist, responded, exact } = rows[0]!;
  assert.equal(
    (hist ?? []).reduce((a, b) => a + b, 0),
    Number(responded),
  );
  if (exact !== null && exact > 0.5) {
    const median = percentileOf(hist!, 0.5)!;
    assert.ok(Math.abs(median - exact) / exact < 0.25, `median ${median} vs ${exact}`);
  }
});

test('a report filed after a rebuild shows only in the next one, which names a newer snapshot', async () => {
  const first = await refreshInsights(sauti.platform);
  const count = async () => Number((await one<{ n: string }>('select sum(cases) as n from insights_cases')).n);
  const before = await count();
  await fileReport(sauti.app);
  assert.equal(await count(), before, 'the figures stand still until the next rebuild');
  const second = await refreshInsights(sauti.platform);
  assert.equal(await count(), before + 1);
  assert.notEqual(second.snapshot, first.snapshot);
});
