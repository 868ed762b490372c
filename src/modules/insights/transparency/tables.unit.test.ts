import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMonthSafe, generator, histogram as hist, randomMonth } from './attack.ts';
import { catalogue, TOTAL_ROW } from './catalogue.ts';
import { buildReleaseTables, type MonthFacts, type ReleaseTables, type Row, type Rules } from './tables.ts';

const counties = Array.from({ length: 47 }, (_, i) => ({
  code: String(i + 1).padStart(3, '0'),
  name: `County ${i + 1}`,
}));
const codes = counties.map((c) => c.code);
const rules: Rules = { standard: { k: 5 }, custody: { k: 10 } };
const nothingHidden: Rules = { standard: { k: 1 }, custody: { k: 1 } };
const empty: MonthFacts = { complaints: [], fines: [], documents: [], ob: [] };

const rowOf = (rows: readonly Row[], code: string) => rows.find((r) => r.county_code === code)!;

describe('the public tables of a month', () => {
  test('a county with 3 complaints of one outcome shows "fewer than 5", and its total is protected in every table', () => {
    const facts: MonthFacts = {
      ...empty,
      complaints: [
        { county: '001', category: 'brutality', outcome: 'open', cases: 20, responded: 20, respondedInTime: 15 },
        {
          county: '001',
          category: 'bribery_extortion',
          outcome: 'not_substantiated',
          cases: 3,
          responded: 3,
          respondedInTime: 3,
        },
        { county: '047', category: 'bribery_extortion', outcome: 'open', cases: 12, responded: 6, respondedInTime: 6 },
      ],
    };
    const t = buildReleaseTables(facts, counties, rules);
    assert.deepEqual(rowOf(t.complaints_by_outcome, '001').not_substantiated, { hidden: 'small' });
    for (const name of ['complaints_by_outcome', 'complaints_by_category'] as const) {
      assert.equal(t[name].length, counties.length + 2, 'every county, the unknown county and the total');
      assert.deepEqual(
        t[name].map((r) => r.complaints),
        t.complaints_by_outcome.map((r) => r.complaints),
        `${name} shares the county totals`,
      );
    }
    assert.equal(rowOf(t.complaints_by_outcome, '002').complaints, 0);
    const response = t.complaints_by_response;
    assert.deepEqual(
      response.map((r) => r.response),
      ['answered_in_time', 'answered_late', 'awaiting_answer', 'total'],
      'time to answer: one national list beside the county tables',
    );
    assert.deepEqual(response.at(-1)!.complaints, rowOf(t.complaints_by_outcome, TOTAL_ROW).complaints);
    assert.equal(assertMonthSafe(t, buildReleaseTables(facts, counties, nothingHidden), rules, 'example') > 0, true);
  });

  test('custody figures are hidden below 10; others below 5', () => {
    const facts: MonthFacts = {
      ...empty,
      ob: [
        { county: '001', loggedEntries: 7, custodyDeadlines: 30, custodyBreaches: 7 },
        { county: '002', loggedEntries: 30, custodyDeadlines: 40, custodyBreaches: 12 },
      ],
    };
    const t = buildReleaseTables(facts, counties, rules);
    assert.deepEqual(rowOf(t.custody_by_county, '001').deadlines_breached, { hidden: 'small' });
    assert.equal(rowOf(t.ob_entries_by_county, '001').logged_entries, 7);
    assert.equal(rowOf(t.custody_by_county, '002').deadlines_breached, 12);
    assert.deepEqual(rowOf(t.custody_by_county, TOTAL_ROW).deadlines_breached, { hidden: 'withheld' }, '7 = 19 - 12');
  });

  test('money is shown only beside a shown count of notices; a median only over k or more shown durations', () => {
    const facts: MonthFacts = {
      ...empty,
      fines: [
        { county: '001', status: 'paid', notices: 12, amountCents: 1_200_000, paidCents: 1_200_000 },
        { county: '001', status: 'withdrawn', notices: 2, amountCents: 300_000, paidCents: 0 },
        { county: '002', status: 'paid', notices: 3, amountCents: 300_000, paidCents: 300_000 },
        { county: '002', status: 'withdrawn', notices: 9, amountCents: 900_000, paidCents: 0 },
        { county: '003', status: 'paid', notices: 20, amountCents: 2_000_000, paidCents: 2_000_000 },
      ],
      documents: [
        {
          county: '001',
          kind: 'p3',
          requested: 8,
          issued: 8,
          issuedInTime: 8,
          refused: 0,
          waiting: 0,
          issueHours: hist([3, 3, 4, 4, 4, 5, 6, 9]),
        },
        {
          county: '002',
          kind: 'p3',
          requested: 2,
          issued: 2,
          issuedInTime: 2,
          refused: 0,
          waiting: 0,
          issueHours: hist([3, 3]),
        },
      ],
    };
    const t = buildReleaseTables(facts, counties, rules);
    const fines = t.fines_by_county;
    for (const row of fines.filter((r) => r.county_code !== TOTAL_ROW)) {
      assert.equal(
        typeof row.collected_kes === 'number',
        typeof row.notices_paid === 'number',
        `${row.county_code} paid`,
      );
      assert.equal(typeof row.withdrawn_kes === 'number', typeof row.notices_withdrawn === 'number');
    }
    assert.equal(rowOf(fines, '003').collected_kes, 20_000);
    assert.deepEqual(rowOf(fines, '002').collected_kes, { hidden: 'withheld' });
    assert.deepEqual(rowOf(fines, TOTAL_ROW).collected_kes, { hidden: 'withheld' }, 'a total over a hidden amount');
    assert.equal(typeof rowOf(t.documents_by_county, '001').median_hours_to_issue, 'number');
    assert.deepEqual(rowOf(t.documents_by_county, '002').median_hours_to_issue, { hidden: 'withheld' });
    assert.equal(rowOf(t.documents_by_county, '003').median_hours_to_issue, null, 'nothing issued: nothing to measure');
  });

  test('every table has the fields its schema names, in order', () => {
    const t = buildReleaseTables(randomMonth(generator(7), codes), counties, rules);
    for (const [name, rows] of Object.entries(t)) {
      const fields = catalogue[name as keyof ReleaseTables].fields.map((f) => f.name);
      for (const row of rows) assert.deepEqual(Object.keys(row).sort(), [...fields].sort(), name);
    }
  });

  test('random months: a differencing attack across all of a month’s tables pins no hidden figure', () => {
    const random = generator(20261130);
    let hidden = 0;
    for (let run = 0; run < 60; run++) {
      const facts = randomMonth(random, codes);
      const r: Rules = { standard: { k: 3 + random(4) }, custody: { k: 10 } };
      const label = `run ${run}: ${JSON.stringify(facts)}`;
      hidden += assertMonthSafe(
        buildReleaseTables(facts, counties, r),
        buildReleaseTables(facts, counties, nothingHidden),
        r,
        label,
      );
    }
    assert.ok(hidden > 500, `only ${hidden} hidden figures were attacked`);
  });
});
