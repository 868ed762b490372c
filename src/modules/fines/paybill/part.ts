import type { FinesPart } from '../parts.ts';

export const paybillPart: FinesPart = {};
