import type { DisclosureRule, HiddenReason } from './figure.ts';

/**
 * One way of counting a population: a list of counts, or a table of two dimensions whose row and
 * column totals are published too. Tables naming the same dimension share its totals (e.g. county
 * x outcome and county x category have the same county totals).
 */
export type Way = readonly number[] | TableWay;

export interface TableWay {
  readonly rows: string;
  readonly cols: string;
  readonly cells: readonly (readonly number[])[];
}

export type State = HiddenReason | null;

/** `sum` = the sum of `parts` (indices into the figures); `list` when the parts are a list way's cells. */
interface Sum {
  readonly sum: number;
  readonly parts: readonly number[];
  readonly list: boolean;
}

/** A population as figures (index 0 is its total) and the sums that tie them together. */
export interface Model {
  readonly values: readonly number[];
  readonly sums: readonly Sum[];
  /** Each way's figures: a list's cells, or a table's cells. */
  readonly ways: readonly (readonly number[] | readonly (readonly number[])[])[];
  /** Each dimension's totals. */
  readonly margins: ReadonlyMap<string, readonly number[]>;
}

const add = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function layout(ways: readonly Way[]): Model {
  const values: number[] = [0];
  const sums: Sum[] = [];
  const margins = new Map<string, number[]>();
  const figure = (v: number) => values.push(v) - 1;
  const margin = (key: string, totals: readonly number[]) => {
    const known = margins.get(key);
    if (known) {
      if (known.length !== totals.length || known.some((id, i) => values[id] !== totals[i]))
        throw new Error(`tables disagree on the totals of ${key}`);
      return known;
    }
    const ids = totals.map(figure);
    margins.set(key, ids);
    sums.push({ sum: 0, parts: ids, list: false });
    return ids;
  };
  const ids = ways.map((way) => {
    if (isList(way)) {
      const cells = way.map(figure);
      sums.push({ sum: 0, parts: cells, list: true });
      return cells;
    }
    const grid = way.cells.map((row) => row.map(figure));
    const width = way.cells[0]?.length ?? 0;
    const rowIds = margin(way.rows, way.cells.map(add));
    const colIds = margin(
      way.cols,
      Array.from({ length: width }, (_, c) => add(way.cells.map((row) => row[c]!))),
    );
    grid.forEach((row, r) => sums.push({ sum: rowIds[r]!, parts: row, list: false }));
    colIds.forEach((col, c) => sums.push({ sum: col, parts: grid.map((row) => row[c]!), list: false }));
    return grid;
  });
  const totals = new Set(sums.filter((s) => s.sum === 0).map((s) => add(s.parts.map((p) => values[p]!))));
  if (totals.size > 1) throw new Error('every way of counting a population must add up to the same total');
  values[0] = [...totals][0] ?? 0;
  return { values, sums, ways: ids, margins };
}

export const isList = (way: Way): way is readonly number[] => Array.isArray(way);

/**
 * What a reader can know of each figure before adding anything up: a shown one exactly; a small
 * one is 1 to k - 1; a withheld one is at least k (only counts of k or more are withheld, unless
 * everything is) and, in a list, at most the smallest count left shown there (it was the smallest
 * when withheld).
 */
function startingBounds(model: Model, states: readonly State[], rule: DisclosureRule) {
  const everything = states.every((s) => s === 'withheld');
  const lo = model.values.map((v, i) => (states[i] === null ? v : states[i] === 'small' ? 1 : everything ? 0 : rule.k));
  const hi = model.values.map((v, i) => (states[i] === null ? v : states[i] === 'small' ? rule.k - 1 : Infinity));
  if (!everything)
    for (const s of model.sums) {
      if (!s.list) continue;
      const cap = Math.min(
        ...s.parts.filter((p) => states[p] === null && model.values[p]! > 0).map((p) => model.values[p]!),
      );
      for (const p of s.parts) if (states[p] === 'withheld') hi[p] = Math.min(hi[p]!, cap);
    }
  return { lo, hi };
}

/** Tightens one sum's bounds from its parts' and back; true when something changed. */
function tighten(s: Sum, lo: number[], hi: number[]): boolean {
  let loSum = 0;
  let open = 0;
  let hiFinite = 0;
  for (const p of s.parts) {
    loSum += lo[p]!;
    if (hi[p] === Infinity) open++;
    else hiFinite += hi[p]!;
  }
  let changed = false;
  const narrow = (i: number, l: number, h: number) => {
    if (l > lo[i]!) [lo[i], changed] = [l, true];
    if (h < hi[i]!) [hi[i], changed] = [h, true];
  };
  narrow(s.sum, loSum, open > 0 ? Infinity : hiFinite);
  for (const p of s.parts) {
    const mine = hi[p] === Infinity;
    const othersHi = open - (mine ? 1 : 0) > 0 ? Infinity : hiFinite - (mine ? 0 : hi[p]!);
    narrow(p, lo[s.sum]! - othersHi, hi[s.sum]! - (loSum - lo[p]!));
  }
  return changed;
}

/** The bounds a reader can put on every figure from what is shown, every sum used until nothing moves. */
export function bounds(model: Model, states: readonly State[], rule: DisclosureRule, fix?: [number, number]) {
  const { lo, hi } = startingBounds(model, states, rule);
  if (fix) [lo[fix[0]], hi[fix[0]]] = [Math.max(lo[fix[0]]!, fix[1]), Math.min(hi[fix[0]]!, fix[1])];
  // only a contradiction in what is claimed about the hidden figures could run on; stop it anyway
  for (let changed = true, round = 0; changed && round < 10_000; round++) {
    changed = false;
    for (const s of model.sums) if (tighten(s, lo, hi)) changed = true;
    if (lo.some((l, i) => l > hi[i]!)) break;
  }
  return { lo, hi };
}

/** Whether a small figure has two values each consistent with every sum (tried one by one). */
function twoValuesLeft(
  model: Model,
  states: readonly State[],
  rule: DisclosureRule,
  i: number,
  lo: number,
  hi: number,
) {
  let found = 0;
  for (let v = lo; v <= hi && found < 2; v++) {
    const b = bounds(model, states, rule, [i, v]);
    if (b.lo.every((l, j) => l <= b.hi[j]!)) found++;
  }
  return found >= 2;
}

/**
 * The first hidden figure a reader could pin to a single value: small figures first, then withheld
 * ones. Pinned by the bounds, or, for a small figure, because every value but one contradicts some
 * sum once tried.
 */
export function firstExposed(
  model: Model,
  states: readonly State[],
  rule: DisclosureRule,
  reasons: readonly HiddenReason[] = ['small', 'withheld'],
): number | undefined {
  const { lo, hi } = bounds(model, states, rule);
  for (const reason of reasons)
    for (const [i, s] of states.entries()) {
      if (s !== reason) continue;
      if (hi[i]! - lo[i]! < 1) return i;
      if (s === 'small' && !twoValuesLeft(model, states, rule, i, lo[i]!, hi[i]!)) return i;
    }
  return undefined;
}
