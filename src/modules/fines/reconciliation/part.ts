import type { FinesPart } from '../parts.ts';

export const reconciliationPart: FinesPart = {};
