import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../../platform/crypto/index.ts';
import { BadInput } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { readCallback, receiveSms } from './sms.ts';
import { XPoller } from './x.ts';

/** The Africa's Talking incoming-SMS callback: POST {PUBLIC_URL}/channels/sms/engage?token={ENGAGE_SMS_TOKEN}. */
export const SMS_CALLBACK_PATH = '/channels/sms/engage';

function problemsJson(request: FastifyRequest, code: string, problems: BadInput['problems'] = []) {
  return {
    error: {
      code,
      message: request.t(`error.${code}.title`),
      fields: problems.map((p) => ({ field: p.field, message: request.t(p.message, p.params) })),
    },
  };
}

/** Questions arriving by SMS (Africa's Talking callback) and from X (the hashtag poller). */
export function registerChannelRoutes(app: FastifyInstance, platform: Platform): void {
  const { config } = platform;

  /**
   * Forgery guard, before the body is even read: the channel is off (404) without a configured
   * token, and a request without the right token is refused (403). The token travels in the query
   * string, which the request log leaves out.
   */
  async function smsGuard(request: FastifyRequest, reply: FastifyReply) {
    const expected = config.engageSmsToken;
    // (reply.callNotFound() would run the not-found route's CSRF check and answer 403)
    if (!expected) return reply.code(404).send(problemsJson(request, 'not_found'));
    const given = (request.query as { token?: unknown }).token;
    if (typeof given !== 'string' || !safeEqual(given, expected))
      return reply.code(403).send(problemsJson(request, 'forbidden'));
  }

  // Every message handled answers 200 with what became of it (stored, duplicate, no session, too
  // long...), so Africa's Talking never retries a message refused on purpose; a 5xx may be retried
  // and is harmless, the message id making the callback idempotent. `reply` is the text for the
  // sender, in their language, for when replies are sent by SMS.
  app.post(
    SMS_CALLBACK_PATH,
    { schema: { hide: true }, config: { csrf: false }, onRequest: smsGuard },
    async (request, reply) => {
      const body = request.body;
      let sms;
      try {
        sms = readCallback(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
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

  const bearerToken = config.x.bearerToken;
  if (bearerToken) {
    const poller = new XPoller(platform, {
      bearerToken,
      apiUrl: config.x.apiUrl,
      pollMs: config.x.pollSeconds * 1000,
      log: app.log,
    });
    app.addHook('onReady', async () => poller.start());
    app.addHook('onClose', async () => poller.stop());
  }
}
