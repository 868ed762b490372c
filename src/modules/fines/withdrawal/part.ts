import type { FinesPart } from '../parts.ts';

export const withdrawalPart: FinesPart = {};
