import { Type } from 'typebox';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { CONFIRMATION_ACK, confirmPaybill, validatePaybill } from './c2b.ts';

const Params = Type.Object({ secret: Type.String({ maxLength: 64 }) });
const tags = ['fines'];

/** Daraja's C2B validation and confirmation for the paybill (their addresses carry a secret). */
export const paybillRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/fines/paybill',
  register(scope, platform) {
    scope.post(
      '/:secret/validation',
      {
        bodyLimit: 64 * 1024,
        config: { csrf: false },
        schema: {
          tags,
          summary: 'M-Pesa asks whether to take a payment to the paybill: a notice unpaid, for exactly its balance',
          params: Params,
        },
      },
      async (request) => validatePaybill(platform, request.params.secret, request.body),
    );
    scope.post(
      '/:secret/confirmation',
      {
        bodyLimit: 64 * 1024,
        config: { csrf: false },
        schema: {
          tags,
          summary: 'M-Pesa says it took a payment to the paybill: counted once by its TransID',
          params: Params,
        },
      },
      async (request) => {
        await confirmPaybill(platform, request.params.secret, request.body);
        return CONFIRMATION_ACK;
      },
    );
  },
};
