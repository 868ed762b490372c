import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hidden, protectPopulation, rules, shown, type Figure, type TableWay, type Way } from './index.ts';

// The attack below is written apart from the protection on purpose: it sees only what is published.

/** mulberry32: a small seeded generator, so a failing population can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return (n: number) => Math.floor(next() * n);
}

type Random = ReturnType<typeof generator>;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

type Dimension = 'county' | 'outcome' | 'category';
const pairs: [Dimension, Dimension][] = [
  ['county', 'outcome'],
  ['county', 'category'],
  ['outcome', 'category'],
];

/** Cases spread unevenly (one value favoured), so many counts are small and some are zero. */
function randomPopulation(random: Random): Way[] {
  const sizes = { county: 2 + random(5), outcome: 2 + random(3), category: 2 + random(3), month: 2 + random(6) };
  const n = random(4) === 0 ? random(8) : random(90);
  const pick = (size: number) => (random(3) === 0 ? 0 : random(size));
  const cases = Array.from({ length: n }, () => ({
    county: pick(sizes.county),
    outcome: pick(sizes.outcome),
    category: pick(sizes.category),
    month: pick(sizes.month),
  }));
  const count = (test: (c: (typeof cases)[number]) => boolean) => cases.filter(test).length;
  const chosen = pairs.filter(() => random(3) > 0).slice(0, 3);
  while (chosen.length < 2) chosen.push(pairs[chosen.length === 0 ? 0 : chosen[0] === pairs[0] ? 1 : 0]!);
  const ways: Way[] = chosen.map(([rows, cols]) => ({
    rows,
    cols,
    cells: Array.from({ length: sizes[rows] }, (_, r) =>
      Array.from({ length: sizes[cols] }, (_, c) => count((x) => x[rows] === r && x[cols] === c)),
    ),
  }));
  if (random(2)) ways.push(Array.from({ length: sizes.month }, (_, m) => count((x) => x.month === m)));
  return ways;
}

/** What is published, as unknowns and the sums a reader knows hold between them (index 0: total). */
interface Published {
  figures: Figure[];
  truth: number[];
  sums: { total: number; parts: number[] }[];
}

function published(ways: readonly Way[], k: number): Published {
  const p = protectPopulation(ways, { k });
  const figures: Figure[] = [p.total];
  const truth = [sum(Array.isArray(ways[0]) ? ways[0] : (ways[0] as TableWay).cells.flat())];
  const sums: Published['sums'] = [];
  const unknown = (f: Figure, v: number) => figures.push(f) - 1 + 0 * truth.push(v);
  const margin = new Map<string, number[]>();
  for (const [key, list] of Object.entries(p.margins))
    margin.set(
      key,
      list.map((f) => unknown(f, NaN)),
    );
  ways.forEach((way, w) => {
    if (Array.isArray(way)) {
      sums.push({ total: 0, parts: (p.ways[w] as Figure[]).map((f, i) => unknown(f, way[i]!)) });
      return;
    }
    const t = way as TableWay;
    const grid = (p.ways[w] as { cells: Figure[][] }).cells.map((row, r) =>
      row.map((f, c) => unknown(f, t.cells[r]![c]!)),
    );
    const rowIds = margin.get(t.rows)!;
    const colIds = margin.get(t.cols)!;
    grid.forEach((row, r) => (sums.push({ total: rowIds[r]!, parts: row }), (truth[rowIds[r]!] = sum(t.cells[r]!))));
    colIds.forEach((col, c) => {
      sums.push({ total: col, parts: grid.map((row) => row[c]!) });
      truth[col] = sum(t.cells.map((row) => row[c]!));
    });
  });
  for (const ids of margin.values()) sums.push({ total: 0, parts: ids });
  return { figures, truth, sums };
}

/** Interval propagation over every published sum to a fixed point; `fix` pins one unknown first. */
function attack(pub: Published, k: number, fix?: [number, number]) {
  const everything = pub.figures.every((f) => f.suppressed && f.reason === 'withheld');
  const lo = pub.figures.map((f) => (!f.suppressed ? f.count : f.reason === 'small' ? 1 : everything ? 0 : k));
  const hi = pub.figures.map((f) => (!f.suppressed ? f.count : f.reason === 'small' ? k - 1 : Infinity));
  if (fix) [lo[fix[0]], hi[fix[0]]] = [Math.max(lo[fix[0]]!, fix[1]), Math.min(hi[fix[0]]!, fix[1])];
  let moved = true;
  while (moved && lo.every((l, i) => l <= hi[i]!)) {
    moved = false;
    const set = (i: number, l: number, h: number) => {
      if (l > lo[i]!) [lo[i], moved] = [l, true];
      if (h < hi[i]!) [hi[i], moved] = [h, true];
    };
    for (const s of pub.sums) {
      const partsLo = sum(s.parts.map((i) => lo[i]!));
      const partsHi = sum(s.parts.map((i) => hi[i]!));
      set(s.total, partsLo, partsHi);
      for (const i of s.parts) {
        const othersHi = s.parts.reduce((acc, j) => (j === i ? acc : acc + hi[j]!), 0);
        set(i, lo[s.total]! - othersHi, hi[s.total]! - (partsLo - lo[i]!));
      }
    }
  }
  return { lo, hi, contradiction: lo.some((l, i) => l > hi[i]!) };
}

/** Whether a hidden unknown has two values that, each tried, leave the sums without a contradiction. */
function twoValuesLeft(pub: Published, k: number, i: number, lo: number, hi: number): boolean {
  let left = 0;
  for (let v = lo; v <= hi && left < 2; v++) if (!attack(pub, k, [i, v]).contradiction) left++;
  return left >= 2;
}

function assertSafe(ways: readonly Way[], k: number, label: string) {
  const pub = published(ways, k);
  const { lo, hi, contradiction } = attack(pub, k);
  assert.equal(contradiction, false, label);
  pub.figures.forEach((f, i) => {
    const truth = pub.truth[i]!;
    if (!f.suppressed) {
      assert.equal(f.count, truth, `${label}: shown figure ${i} is not the count`);
      assert.ok(truth === 0 || truth >= k, `${label}: ${truth} shown below ${k}`);
      return;
    }
    assert.ok(hi[i]! > lo[i]!, `${label}: hidden figure ${i} pinned to ${lo[i]}`);
    if (f.reason === 'small') {
      assert.ok(truth > 0 && truth < k, `${label}: ${truth} hidden as small`);
      assert.ok(twoValuesLeft(pub, k, i, lo[i]!, hi[i]!), `${label}: small figure ${i} has one possible value`);
    }
  });
  return pub;
}

function assertNothingNeedless(pub: Published, k: number, label: string) {
  const primary = pub.truth.some((v) => v > 0 && v < k);
  if (!primary)
    assert.ok(
      pub.figures.every((f) => !f.suppressed),
      `${label}: hidden without a small count`,
    );
  for (const s of pub.sums) {
    const total = pub.figures[s.total]!;
    const parts = s.parts.map((i) => pub.figures[i]!);
    if (!total.suppressed && parts.every((f) => !f.suppressed))
      assert.equal(total.count, sum(parts.map((f) => f.count ?? 0)), `${label}: total is not its parts' sum`);
  }
}

describe('disclosure rules', () => {
  test('k comes from the rule: custody figures below 10 are hidden, standard ones below 5', () => {
    const ways = [[7, 12, 0]];
    assert.deepEqual(protectPopulation(ways, rules.standard).ways[0], [shown(7), shown(12), shown(0)]);
    const custody = protectPopulation(ways, rules.custody);
    assert.deepEqual(custody.ways[0]![0], hidden('small'));
    assert.deepEqual(custody.total, hidden('withheld'));
  });

  test('two tables sharing county totals: a hidden cell is not given away by the other table', () => {
    const byOutcome = {
      rows: 'county',
      cols: 'outcome',
      cells: [
        [20, 3],
        [15, 12],
      ],
    };
    const byCategory = {
      rows: 'county',
      cols: 'category',
      cells: [
        [11, 12],
        [14, 13],
      ],
    };
    const p = protectPopulation([byOutcome, byCategory], rules.standard);
    assert.deepEqual(p.ways[0]!.cells[0]![1], hidden('small'));
    assert.deepEqual(p.margins['county'], p.ways[1]!.rowTotals);
    assertSafe([byOutcome, byCategory], 5, 'example');
  });

  test('random populations: from the published figures alone no hidden one can be worked out', () => {
    const random = generator(20261203);
    let hiddenSeen = 0;
    for (let run = 0; run < 2000; run++) {
      const k = random(2) ? rules.standard.k : rules.custody.k;
      const ways = randomPopulation(random);
      const label = `run ${run}, k ${k}: ${JSON.stringify(ways)}`;
      const pub = assertSafe(ways, k, label);
      assertNothingNeedless(pub, k, label);
      hiddenSeen += pub.figures.filter((f) => f.suppressed).length;
    }
    assert.ok(hiddenSeen > 5_000, `only ${hiddenSeen} hidden figures were attacked`);
  });
});
