import { Type } from 'typebox';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { payByStk, receiveStkCallback } from '../payments.ts';
import { noticeLink } from '../service.ts';
import { noticeLookup } from './notice-lookup.ts';

/** Daraja's STK callback: answered as Daraja expects, whatever it held (a forged one counts for nothing). */
export const fineDarajaRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/fines/daraja',
  register(scope, platform) {
    scope.post(
      // the push's id after the secret since it was sent so (see payByStk); pushes sent before have none
      '/stk/:secret/:push?',
      {
        config: { csrf: false },
        schema: {
          tags: ['fines'],
          summary: "M-Pesa's STK push callback (its address carries a secret; the payment is confirmed by a query)",
          params: Type.Object({
            secret: Type.String({ maxLength: 64 }),
            push: Type.Optional(Type.String({ maxLength: 20 })),
          }),
        },
      },
      async (request) => {
        await receiveStkCallback(platform, request.params.secret, request.body, request.params.push);
        return { ResultCode: 0, ResultDesc: 'Accepted' };
      },
    );
  },
};

const NoticeParams = Type.Object({ number: Type.String({ maxLength: 20 }), token: Type.String({ maxLength: 64 }) });

/** The motorist's "Pay": an STK push to the phone they give; the notice then shows "waiting for M-Pesa". */
export const finePayPageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/fines',
  register(scope, platform) {
    scope.post(
      '/:number/:token/pay',
      {
        ...noticeLookup(platform, 'params'),
        schema: { params: NoticeParams, body: formBody({ phone: 30 }) },
      },
      async (request, reply) => {
        await payByStk(platform, request.params.number, request.params.token, request.body.phone ?? '');
        return reply.redirect(noticeLink(request.params.number, request.params.token), 303);
      },
    );
  },
};
