/**
 * One small-count protection for every published figure: counts below a rule's k are shown as
 * "fewer than k", and further figures are withheld so that no hidden one can be worked out from
 * totals or from other tables of the same population. Pure functions over numbers.
 */
export { rules, shown, hidden, totalOf, type DisclosureRule, type Figure, type HiddenReason } from './figure.ts';
export { bounds, firstExposed, layout, type Model, type State, type TableWay, type Way } from './model.ts';
export { hide, protectPopulation, type ProtectedPopulation, type Published, type PublishedTable } from './protect.ts';
