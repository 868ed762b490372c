import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { safeEqual } from '../../platform/crypto/index.ts';
import type { RoutePlugin } from '../../platform/http/routes.ts';
import type { Platform } from '../../platform/module.ts';
import { callbackToken } from './callbacks.ts';
import { readDeliveryReport, readUssdCallback } from './read-callbacks.ts';
import { recordDeliveryReport } from '../../platform/sms/index.ts';
import { answerUssd } from './ussd/service.ts';
import { receiveIncoming } from './sms/incoming.ts';
import { readIncomingSms } from '../engage/index.ts';
import { BadInput } from '../../platform/http/errors.ts';

const Fields = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 2000 }));
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 400 })) });

/** Before the body is read: a request without the address's secret is not Africa's Talking's (403, plain text). */
function guard(platform: Platform) {
  return async (request: FastifyRequest<{ Querystring: { token?: unknown } }>, reply: FastifyReply) => {
    const given = request.query.token;
    if (typeof given !== 'string' || !safeEqual(given, callbackToken(platform)))
      return reply.code(403).type('text/plain; charset=utf-8').send('forbidden');
  };
}

/** Africa's Talking's callbacks: USSD steps and SMS delivery reports. */
export const channelsRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/channels',
  register(scope, platform) {
    const options = {
      schema: { hide: true, body: Fields, querystring: TokenQuery },
      config: { csrf: false as const },
      onRequest: guard(platform),
    };
    // a step answers text/plain "CON …" or "END …"; a malformed callback is a 400 and changes nothing
    scope.post('/ussd', options, async (request, reply) => {
      const callback = readUssdCallback(request.body);
      if (typeof callback === 'string') return reply.code(400).type('text/plain; charset=utf-8').send(callback);
      const screen = await answerUssd(platform, callback);
      return reply.code(200).type('text/plain; charset=utf-8').send(screen);
    });
    // every SMS to the shortcode: answered 200 whatever became of it (a refusal is not retried), a 400 when malformed
    scope.post('/sms/incoming', options, async (request, reply) => {
      let sms;
      try {
        sms = readIncomingSms(request.body);
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        const fields = error.problems.map((p) => p.field).join(', ');
        return reply.code(400).type('text/plain; charset=utf-8').send(`malformed: ${fields}`);
      }
      const outcome = await receiveIncoming(platform, sms);
      // the message id and what it was: never the number, never the text
      request.log.info({ message: sms.id, outcome }, 'incoming SMS');
      return reply.code(200).type('text/plain; charset=utf-8').send(outcome);
    });
    scope.post('/sms/delivery', options, async (request, reply) => {
      const report = readDeliveryReport(request.body, platform.clock.now());
      if (typeof report === 'string') return reply.code(400).type('text/plain; charset=utf-8').send(report);
      const message = await recordDeliveryReport(platform.db.pool, report);
      // the gateway's id and status only: never the number
      request.log.info(
        { gatewayMessage: report.gatewayMessageId, status: report.status, known: !!message },
        'SMS delivery report',
      );
      return reply.code(200).type('text/plain; charset=utf-8').send('ok');
    });
  },
};
