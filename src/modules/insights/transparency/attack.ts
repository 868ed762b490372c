import assert from 'node:assert/strict';
import { histogramLength } from '../durations.ts';
import {
  catalogue,
  complaintCategories,
  complaintOutcomes,
  documentKinds,
  TOTAL_ROW,
  type Population,
  type TableName,
} from './catalogue.ts';
import { isHidden, type MonthFacts, type ReleaseTables, type Row, type Rules, type Value } from './tables.ts';

/**
 * A differencing attack on a month's published tables, for the tests: written apart from the protection on
 * purpose, it sees only the published rows and the structure every reader knows from the data dictionary
 * (each row adds up to its total column; the row of all counties adds up each column; tables of one population
 * share their county totals). It narrows every hidden figure's interval by every such sum until nothing moves,
 * then tries each value a small figure could take.
 */

interface Unknown {
  label: string;
  value: Value;
  truth: number | undefined;
}

export interface Published {
  unknowns: Unknown[];
  sums: Array<{ total: number; parts: number[] }>;
  k: number;
}

type Truth = (table: TableName, county: string, field: string) => number | undefined;

/** The figures of one population and the sums between them, from its tables' rows. */
export function publishedPopulation(
  population: Population,
  tables: Partial<Record<TableName, readonly Row[]>>,
  k: number,
  truth: Truth = () => undefined,
): Published {
  const names = (Object.keys(tables) as TableName[]).filter((n) => catalogue[n].population === population);
  const unknowns: Unknown[] = [];
  const add = (label: string, value: Value, t: number | undefined) => unknowns.push({ label, value, truth: t }) - 1;
  const margin = new Map<string, number>();
  const sums: Published['sums'] = [];
  const rowTotal = catalogue[names.find((n) => !catalogue[n].list)!].rowTotal;
  if (!rowTotal) return listPopulation(names[0]!, tables[names[0]!]!, k, truth);
  for (const name of names.filter((n) => !catalogue[n].list)) {
    const def = catalogue[name];
    const columns = def.fields.filter((f) => f.type === 'integer' && f.hideable && f.name !== def.rowTotal);
    const cols = columns.map(() => [] as number[]);
    let colTotals: number[] = [];
    for (const row of tables[name]!) {
      const county = String(row.county_code);
      const ids = columns.map((f) => add(`${name}/${county}/${f.name}`, row[f.name]!, truth(name, county, f.name)));
      if (!margin.has(county))
        margin.set(county, add(`${county}/${rowTotal}`, row[rowTotal]!, truth(name, county, rowTotal)));
      if (county === TOTAL_ROW) colTotals = ids;
      else {
        sums.push({ total: margin.get(county)!, parts: ids });
        ids.forEach((id, c) => cols[c]!.push(id));
      }
    }
    cols.forEach((parts, c) => sums.push({ total: colTotals[c]!, parts }));
    sums.push({ total: margin.get(TOTAL_ROW)!, parts: colTotals });
  }
  // a list beside the county tables: its rows add up to the population's total
  for (const name of names.filter((n) => catalogue[n].list)) {
    const def = catalogue[name];
    const [key, field] = [def.primaryKey[0]!, def.fields.find((f) => f.hideable)!.name];
    const rows = tables[name]!.filter((row) => row[key] !== TOTAL_ROW);
    const ids = rows.map((row) =>
      add(`${name}/${String(row[key])}`, row[field]!, truth(name, String(row[key]), field)),
    );
    sums.push({ total: margin.get(TOTAL_ROW)!, parts: ids });
    const total = tables[name]!.find((row) => row[key] === TOTAL_ROW);
    if (total)
      sums.push({
        total: margin.get(TOTAL_ROW)!,
        parts: [add(`${name}/total`, total[field]!, truth(name, TOTAL_ROW, field))],
      });
  }
  sums.push({ total: margin.get(TOTAL_ROW)!, parts: [...margin].filter(([c]) => c !== TOTAL_ROW).map(([, id]) => id) });
  return { unknowns, sums, k };
}

/** A population counted one way, one count per county: the counties add up to the row of all counties. */
function listPopulation(name: TableName, rows: readonly Row[], k: number, truth: Truth): Published {
  const field = catalogue[name].fields.find((f) => f.hideable)!.name;
  const unknowns = rows.map((row) => ({
    label: `${name}/${String(row.county_code)}/${field}`,
    value: row[field]!,
    truth: truth(name, String(row.county_code), field),
  }));
  const total = rows.findIndex((row) => row.county_code === TOTAL_ROW);
  return { unknowns, sums: [{ total, parts: unknowns.flatMap((_, i) => (i === total ? [] : [i])) }], k };
}

const add = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Interval propagation over every published sum to a fixed point; `fix` pins one unknown first. */
export function narrow(pub: Published, fix?: [number, number]) {
  const everything = pub.unknowns.every((u) => isHidden(u.value) && u.value.hidden === 'withheld');
  const lo = pub.unknowns.map(({ value: v }) =>
    typeof v === 'number' ? v : isHidden(v) ? (v.hidden === 'small' ? 1 : everything ? 0 : pub.k) : 0,
  );
  const hi = pub.unknowns.map(({ value: v }) =>
    typeof v === 'number' ? v : isHidden(v) && v.hidden === 'small' ? pub.k - 1 : Infinity,
  );
  if (fix) [lo[fix[0]], hi[fix[0]]] = [Math.max(lo[fix[0]]!, fix[1]), Math.min(hi[fix[0]]!, fix[1])];
  let moved = true;
  while (moved && lo.every((l, i) => l <= hi[i]!)) {
    moved = false;
    const set = (i: number, l: number, h: number) => {
      if (l > lo[i]!) [lo[i], moved] = [l, true];
      if (h < hi[i]!) [hi[i], moved] = [h, true];
    };
    for (const s of pub.sums) {
      const partsLo = add(s.parts.map((i) => lo[i]!));
      set(s.total, partsLo, add(s.parts.map((i) => hi[i]!)));
      for (const i of s.parts) {
        const othersHi = s.parts.reduce((acc, j) => (j === i ? acc : acc + hi[j]!), 0);
        set(i, lo[s.total]! - othersHi, hi[s.total]! - (partsLo - lo[i]!));
      }
    }
  }
  return { lo, hi, contradiction: lo.some((l, i) => l > hi[i]!) };
}

/** The hidden figures the attack pins to one value (by their labels): none, if the protection holds. */
export function exposed(pub: Published): string[] {
  const { lo, hi, contradiction } = narrow(pub);
  if (contradiction) return ['the published figures contradict each other'];
  const found: string[] = [];
  pub.unknowns.forEach((u, i) => {
    if (!isHidden(u.value)) return;
    if (hi[i]! - lo[i]! < 1) {
      found.push(`${u.label} = ${lo[i]}`);
      return;
    }
    if (u.value.hidden !== 'small') return;
    let values = 0;
    for (let v = lo[i]!; v <= hi[i]! && values < 2; v++) if (!narrow(pub, [i, v]).contradiction) values++;
    if (values < 2) found.push(`${u.label}: one value left`);
  });
  return found;
}

/** A histogram of durations, one per bucket index given. */
export function histogram(buckets: readonly number[]): number[] {
  const h = Array.from({ length: histogramLength }, () => 0);
  for (const b of buckets) h[b]!++;
  return h;
}

const rowOf = (rows: readonly Row[], code: string) => rows.find((r) => r.county_code === code || r.response === code)!;

/** mulberry32: a small seeded generator, so a failing month can be replayed. */
export function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return (n: number) => Math.floor(next() * n);
}
export type Random = ReturnType<typeof generator>;

/** A month with a few counties, values spread unevenly so that many counts are small and some are zero. */
export function randomMonth(random: Random, counties: readonly string[]): MonthFacts {
  const places = Array.from({ length: 1 + random(5) }, () => counties[random(counties.length)]!);
  const pick = <T>(list: readonly T[]) => list[random(3) === 0 ? 0 : random(list.length)]!;
  const some = () => (random(4) === 0 ? random(3) : random(12));
  const complaints = Array.from({ length: random(25) }, () => {
    const cases = 1 + some();
    const responded = random(cases + 1);
    return {
      county: random(10) === 0 ? null : pick(places),
      category: pick(complaintCategories),
      outcome: pick(complaintOutcomes),
      cases,
      responded,
      respondedInTime: random(responded + 1),
    };
  });
  const fines = Array.from({ length: random(12) }, () => ({
    county: pick(places),
    status: pick(['paid', 'unpaid', 'withdrawn', 'court', 'overdue']),
    notices: 1 + some(),
    amountCents: 100_000 * (1 + random(20)),
    paidCents: 50_000 * random(30),
  }));
  const documents = Array.from({ length: random(10) }, () => {
    const [issued, refused, waiting] = [some(), random(3), random(3)];
    return {
      county: pick(places),
      kind: pick(documentKinds),
      requested: issued + refused + waiting,
      issued,
      issuedInTime: random(issued + 1),
      refused,
      waiting,
      issueHours: histogram(Array.from({ length: issued }, () => random(histogramLength))),
    };
  });
  const ob = places.map((county) => {
    const custodyDeadlines = random(3) === 0 ? random(30) : random(6);
    return { county, loggedEntries: random(40), custodyDeadlines, custodyBreaches: random(custodyDeadlines + 1) };
  });
  return { complaints, fines, documents, ob };
}

const populations: Array<[Population, keyof Rules]> = [
  ['complaints', 'standard'],
  ['fines', 'standard'],
  ['documents', 'standard'],
  ['custody', 'custody'],
  ['ob_entries', 'standard'],
];

/** Every population of a month attacked; shown figures checked against the unprotected tables. */
export function assertMonthSafe(tables: ReleaseTables, truth: ReleaseTables, r: Rules, label: string): number {
  let hidden = 0;
  for (const [population, rule] of populations) {
    const k = r[rule].k;
    const lookup = (name: keyof ReleaseTables, county: string, field: string) => {
      const v = rowOf(truth[name], county)[field];
      return typeof v === 'number' ? v : undefined;
    };
    const pub = publishedPopulation(population, tables, k, (n, c, f) => lookup(n as keyof ReleaseTables, c, f));
    for (const u of pub.unknowns) {
      if (typeof u.value === 'number') {
        assert.equal(u.value, u.truth, `${label}: ${u.label} shown wrong`);
        assert.ok(u.value === 0 || u.value >= k, `${label}: ${u.label} shown below ${k}`);
      } else if (!isHidden(u.value)) assert.fail(`${label}: ${u.label} is not a count`);
      else {
        hidden++;
        if (u.value.hidden === 'small')
          assert.ok(u.truth! > 0 && u.truth! < k, `${label}: ${u.label} = ${u.truth} hidden as small`);
      }
    }
    assert.deepEqual(exposed(pub), [], `${label}: ${population}`);
  }
  return hidden;
}
