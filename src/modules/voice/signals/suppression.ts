/**
 * Small-count protection for the welfare signals: the platform's disclosure rules (see
 * platform/disclosure) under the standard rule, over one kind's letters counted several complete
 * ways (by month, by county, by acknowledgement, resignations by outcome).
 */
import {
  firstExposed,
  layout,
  protectPopulation as protect,
  rules,
  hidden,
  type Figure,
  type State,
} from '../../../platform/disclosure/index.ts';

export { shown, hidden, totalOf, type Figure, type HiddenReason } from '../../../platform/disclosure/index.ts';

export const THRESHOLD = rules.standard.k;

/**
 * The first "small" figure a reader could pin to a single value, given the figures shown, the
 * bounds of the hidden ones, and that every line adds up to the same total (known when `total`
 * is given).
 */
export function firstPinned(
  lines: readonly (readonly number[])[],
  states: readonly (readonly State[])[],
  total?: number,
): { line: number; cell: number } | undefined {
  const model = layout(lines);
  const flat: State[] = [total === undefined ? 'withheld' : null, ...states.flat()];
  const pinned = firstExposed(model, flat, rules.standard, ['small']);
  if (pinned === undefined) return undefined;
  const line = model.ways.findIndex((ids) => (ids as readonly number[]).includes(pinned));
  return { line, cell: (model.ways[line] as readonly number[]).indexOf(pinned) };
}

export interface ProtectedPopulation {
  /** Each line's figures, in the order given. */
  lines: Figure[][];
  /** The population's total (what every line adds up to). */
  total: Figure;
}

/**
 * Protects one population (e.g. one kind's letters over the period) counted several complete
 * ways: every line must add up to the same total.
 */
export function protectPopulation(lines: readonly (readonly number[])[]): ProtectedPopulation {
  const p = protect(lines, rules.standard);
  // a small total is published as withheld here, as it always was
  return { lines: p.ways, total: p.total.suppressed ? hidden('withheld') : p.total };
}
