import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSauti, type TestContext } from '../../../test/helpers.ts';
import { modules } from '../../modules/index.ts';
import { auditEntries, auditPersons } from '../../modules/ob/log/audit-store.ts';
import { rebuiltLeaf } from '../../modules/ob/log/audit-rebuild.ts';
import { counties, stations as seedStations } from '../../jurisdiction/kenya/index.ts';
import { nationalTargets, parseScale, scaleDays, scalePlan } from './plan.ts';
import { ScaleRefused, runScale, type ScaleReport } from './run.ts';
import { plannedStations } from './stations.ts';

/**
 * `sauti demo --scale` at a thousandth of national scale: what someone looking at the generated history would
 * notice (how much there is, over which years, where), then that it will not run twice.
 */

const FACTOR = 0.001;
/** Nine on a Sunday morning in Nairobi, 1 March 2026. */
const END = new Date('2026-03-01T06:00:00Z');
const DAY = 86_400_000;

let sauti: TestContext;
let report: ScaleReport;

const count = async (sql: string, params: unknown[] = []): Promise<number> =>
  Number((await sauti.platform.db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);

before(async () => {
  sauti = await startSauti({ workers: false, demoStaff: false });
  sauti.platform.clock.set(END);
  report = await runScale(sauti.platform, modules, scalePlan(FACTOR, sauti.platform.clock.now()), { vacuum: false });
});
after(async () => {
  await sauti.close();
});

const near = (actual: number, expected: number, what: string, share = 0.25) =>
  assert.ok(
    Math.abs(actual - expected) <= expected * share,
    `${what}: ${actual}, expected about ${expected} (within ${share * 100}%)`,
  );

describe('a generated history at a thousandth of national scale', () => {
  test('has about a thousandth of the national figures', () => {
    near(report.rows.cases!, nationalTargets.cases * FACTOR, 'cases');
    near(report.rows.ob_entries!, nationalTargets.obEntries * FACTOR, 'OB entries');
    near(report.rows.fine_notices!, nationalTargets.fines * FACTOR, 'fine notices', 0.01);
    assert.equal(report.rows.stations, seedStations.length, 'the real stations stay; none are needed beyond them');
    assert.ok(report.rows.reports! > report.rows.cases! * 0.9, 'most cases come from reports');
    for (const table of ['engage_questions', 'document_requests', 'fine_payments', 'case_directives'])
      assert.ok(report.rows[table]! > 0, `${table} has rows`);
  });

  test('spans three years ending at the clock', async () => {
    const start = scaleDays(scalePlan(FACTOR, END), 'Africa/Nairobi').start;
    assert.equal(start.toISOString(), '2023-02-28T21:00:00.000Z', 'the history begins on 1 March 2023 in Nairobi');
    for (const [table, column] of [
      ['cases', 'opened_at'],
      ['ob_entries', 'recorded_at'],
      ['fine_notices', 'issued_at'],
    ] as const) {
      const { rows } = await sauti.platform.db.pool.query<{ first: Date; last: Date }>(
        `select min(${column}) as first, max(${column}) as last from ${table}`,
      );
      const { first, last } = rows[0]!;
      assert.ok(
        first >= start && first.getTime() - start.getTime() < 20 * DAY,
        `${table} from the first weeks: ${first.toISOString()}`,
      );
      assert.ok(
        last <= END && END.getTime() - last.getTime() < 10 * DAY,
        `${table} up to the last days: ${last.toISOString()}`,
      );
    }
  });

  test('Salama leads Makueni in bribery reports, most of them about a free document', async () => {
    const { rows } = await sauti.platform.db.pool.query<{ station_id: string; n: string; about: string }>(
      `select c.station_id, count(*) as n, count(r.about_document) as about
       from cases c join reports r on r.case_id = c.id
       where c.county_code = '017' and c.category = 'bribery_extortion' and c.station_id is not null
       group by c.station_id order by count(*) desc`,
    );
    assert.equal(rows[0]?.station_id, 'salama');
    assert.ok(Number(rows[0]!.n) >= 3 * Number(rows[1]?.n ?? 0), 'by far');
    assert.ok(
      Number(rows[0]!.about) > Number(rows[0]!.n) / 2,
      'most name the abstract or P3 form they were charged for',
    );
    const top = await sauti.platform.db.pool.query<{ station_id: string }>(
      `select station_id from cases where category = 'bribery_extortion' and station_id is not null
       group by station_id order by count(*) desc limit 3`,
    );
    assert.ok(
      top.rows.some((r) => r.station_id === 'salama'),
      'and is among the top stations nationally',
    );
  });

  // at a thousandth of the country too few plates are named for repeats; nationally each station's two recur
  test('a vehicle named more than once is named at one station, as a roadblock would be', async () => {
    const { rows } = await sauti.platform.db.pool.query<{ plates: string; repeated: string; spread: string }>(
      `with v as (select s.vehicle_plate, count(*) as cases, count(distinct c.station_id) as stations
                  from case_subjects s join cases c on c.id = s.case_id
                  where s.vehicle_plate is not null group by 1)
       select count(*) as plates, count(*) filter (where cases > 1) as repeated,
         count(*) filter (where stations > 1) as spread from v`,
    );
    assert.ok(Number(rows[0]!.repeated) < Number(rows[0]!.plates), 'most are named once');
    assert.equal(rows[0]!.spread, '0');
  });

  test('closed cases have their outcome and were answered first; open ones have a running clock', async () => {
    assert.equal(
      await count(`select count(*) as n from cases where status = 'closed' and (outcome is null or closed_at is null)`),
      0,
    );
    assert.equal(await count(`select count(*) as n from cases where closed_at < first_responded_at`), 0);
    assert.ok((await count(`select count(*) as n from cases where status = 'closed'`)) > report.rows.cases! / 2);
    assert.equal(
      await count(
        `select count(*) as n from cases where status not in ('closed', 'waiting_for_reporter') and next_due_at is null`,
      ),
      0,
    );
    const late = await count(`select count(*) as n from cases where first_responded_at > first_response_due_at`);
    assert.ok(late > 0 && late < report.rows.cases! / 2, `some answered late: ${late}`);
  });

  test("every station's book is numbered 1..n each day, and each entry's leaf is the one leaf.ts makes", async () => {
    assert.equal(
      await count(`select count(*) as n from (select station_id, day from ob_entries group by 1, 2
                   having count(*) <> max(number) or min(number) <> 1) gaps`),
      0,
    );
    assert.equal(
      await count(`select count(*) as n from ob_day_counters c where c.last_number <>
                   (select max(number) from ob_entries e where e.station_id = c.station_id and e.day = c.day)`),
      0,
    );
    const ids = { low: '0', high: '9223372036854775807' };
    const entries = await auditEntries(sauti.platform.db.pool, ids);
    const persons = await auditPersons(sauti.platform.db.pool, ids);
    const leaves = await sauti.platform.db.pool.query<{ id: string; leaf: Buffer }>('select id, leaf from ob_entries');
    const stored = new Map(leaves.rows.map((r) => [r.id, r.leaf]));
    const byEntry = new Map<string, typeof persons>();
    for (const p of persons) byEntry.set(p.entry_id, [...(byEntry.get(p.entry_id) ?? []), p]);
    const wrong = entries.filter((e) => !rebuiltLeaf(e, byEntry.get(e.id) ?? []).equals(stored.get(e.id)!));
    assert.equal(wrong.length, 0, `leaves that differ: ${wrong.slice(0, 3).map((e) => e.id)}`);
    assert.equal(
      await count(
        `select count(*) as n from ob_entries where kind = 'arrest' and id not in (select entry_id from ob_custody_deadlines)`,
      ),
      0,
      'every arrest has its custody clock',
    );
  });

  test("every station is in a county, and every record's county is its station's", async () => {
    assert.equal(
      await count(
        'select count(*) as n from stations s left join counties c on c.code = s.county_code where c.code is null',
      ),
      0,
    );
    for (const table of ['cases', 'reports', 'fine_notices'])
      assert.equal(
        await count(
          `select count(*) as n from ${table} t join stations s on s.id = t.station_id where t.county_code <> s.county_code`,
        ),
        0,
        table,
      );
  });

  test('made-up stations at national scale: 1,250 in all, every county, by population, unique names', () => {
    const existing = seedStations.map((s) => ({ id: s.id, name: s.name, county_code: s.countyCode }));
    const made = plannedStations(existing, counties, nationalTargets.stations, 7);
    assert.equal(existing.length + made.length, nationalTargets.stations);
    const codes = new Set(counties.map((c) => c.code));
    assert.ok(
      made.every((s) => codes.has(s.countyCode)),
      'every county is a real one',
    );
    const perCounty = new Map<string, number>();
    for (const c of [...existing.map((s) => s.county_code), ...made.map((s) => s.countyCode)])
      perCounty.set(c, (perCounty.get(c) ?? 0) + 1);
    assert.equal(perCounty.size, counties.length);
    assert.ok(perCounty.get('047')! > 4 * perCounty.get('005')!, 'Nairobi has far more than Lamu');
    assert.equal(new Set(made.map((s) => s.name)).size, made.length);
    assert.match(made[0]!.id, /^gen-\d{4}$/);
  });

  test('--scale reads national or a fraction of it', () => {
    assert.equal(parseScale('national'), 1);
    assert.equal(parseScale('0.01'), 0.01);
    assert.equal(parseScale('1'), 1);
    for (const wrong of ['0', '2', '-0.5', 'half', '', '0.01x']) assert.equal(parseScale(wrong), undefined, wrong);
  });

  test('a second run is refused and adds nothing', async () => {
    const before = await count('select (select count(*) from cases) + (select count(*) from ob_entries) as n');
    await assert.rejects(
      runScale(sauti.platform, modules, scalePlan(FACTOR, sauti.platform.clock.now()), { vacuum: false }),
      (error: unknown) => error instanceof ScaleRefused && /already holds a generated history/.test(error.message),
    );
    assert.equal(await count('select (select count(*) from cases) + (select count(*) from ob_entries) as n'), before);
  });
});
