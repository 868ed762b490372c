import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { safeEqual } from '../../../platform/crypto/index.ts';
import { BadInput } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { readCallback, receiveSms } from './sms.ts';
import { channelSettings } from './settings.ts';

const SMS_PREFIX = '/channels/sms';
/** The Africa's Talking incoming-SMS callback: POST {PUBLIC_URL}/channels/sms/engage?token={ENGAGE_SMS_TOKEN}. */
export const SMS_CALLBACK_PATH = `${SMS_PREFIX}/engage`;

/** Africa's Talking's form fields (more come and are ignored); readCallback says what is wrong with them. */
const SmsBody = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 100 })),
  id: Type.Optional(Type.String({ maxLength: 400 })),
  text: Type.Optional(Type.String({ maxLength: 20_000 })),
});
const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 400 })) });

function problemsJson(request: FastifyRequest, code: string, problems: BadInput['problems'] = []) {
  return {
    error: {
      code,
      message: request.t(`error.${code}.title`),
      fields: problems.map((p) => ({ field: p.field, message: request.t(p.message, p.params) })),
    },
  };
}

/**
 * Forgery guard, before the body is even read: the channel is off (404) without a configured
 * token, and a request without the right token is refused (403). The token travels in the query
 * string, which the request log leaves out.
 */
function smsGuard(platform: Platform) {
  return async (request: FastifyRequest<{ Querystring: { token?: unknown } }>, reply: FastifyReply) => {
    const expected = platform.config.settings.of(channelSettings).smsToken;
    // (reply.callNotFound() would run the not-found route's CSRF check and answer 403)
    if (!expected) return reply.code(404).send(problemsJson(request, 'not_found'));
    const given = request.query.token;
    if (typeof given !== 'string' || !safeEqual(given, expected))
      return reply.code(403).send(problemsJson(request, 'forbidden'));
  };
}

/** Questions arriving by SMS (Africa's Talking callback); those from X come by the poller's job (x-job.ts). */
export const channelRoutes: RoutePlugin = {
  area: 'api',
  prefix: SMS_PREFIX,
  register(scope, platform) {
    // Every message handled answers 200 with what became of it (stored, duplicate, no session, too
    // long...), so Africa's Talking never retries a message refused on purpose; a 5xx may be retried
    // and is harmless, the message id making the callback idempotent. `reply` is the text for the
    // sender, in their language, for when replies are sent by SMS.
    scope.post(
      '/engage',
      {
        schema: { hide: true, body: SmsBody, querystring: TokenQuery },
        config: { csrf: false },
        onRequest: smsGuard(platform),
      },
      async (request, reply) => {
        let sms;
        try {
          sms = readCallback(request.body);
        } catch (error) {
          if (!(error instanceof BadInput)) throw error;
          return reply.code(400).send(problemsJson(request, 'bad_input', error.problems));
        }
        const receipt = await receiveSms(platform, sms);
        // the message id and the outcome only: never the number, never the text
        request.log.info({ message: sms.id, outcome: receipt.outcome }, 'engage: SMS question');
        return reply.code(200).send({
          outcome: receipt.outcome,
          question: receipt.questionId ?? null,
          session: receipt.sessionId ?? null,
          language: receipt.language,
          reply: receipt.reply,
        });
      },
    );
  },
};
