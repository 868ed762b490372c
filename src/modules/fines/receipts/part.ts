import type { FinesPart } from '../parts.ts';

export const receiptsPart: FinesPart = {};
