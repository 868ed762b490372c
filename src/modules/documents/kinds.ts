import type { EntryKind } from '../ob/index.ts';

/** The documents a station issues free of charge, each from an Occurrence Book entry. */
export const documentKinds = ['abstract_general', 'abstract_traffic', 'p3'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const isDocumentKind = (value: unknown): value is DocumentKind =>
  typeof value === 'string' && (documentKinds as readonly string[]).includes(value);

/** Which entries each document can be made from: a loss or an incident; an accident; an assault or an injury. */
const madeFrom: Record<DocumentKind, readonly EntryKind[]> = {
  abstract_general: ['report', 'lost_property', 'found_property', 'general'],
  abstract_traffic: ['accident'],
  p3: ['report', 'accident'],
};

export const fitsEntry = (kind: DocumentKind, entryKind: EntryKind): boolean => madeFrom[kind].includes(entryKind);

/** Abstracts (of both kinds) share one series per station and year; P3 forms have their own. */
export const seriesOf = (kind: DocumentKind): 'PA' | 'P3' => (kind === 'p3' ? 'P3' : 'PA');

const payloadKinds = {
  abstract_general: 'abstract-general',
  abstract_traffic: 'abstract-traffic',
  p3: 'p3',
} as const satisfies Record<DocumentKind, string>;

/** The kind as the signed payload names it. */
export const payloadKind = (kind: DocumentKind) => payloadKinds[kind];
