import type { FinesPart } from '../parts.ts';
import { paybillRoutes } from './routes.ts';

/** Paying at the paybill from the phone's M-Pesa menu (C2B), and bank deposits from the bank's statement. */
export const paybillPart: FinesPart = {
  routes: [paybillRoutes],
};
