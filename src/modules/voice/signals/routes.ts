import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { Platform } from '../../../platform/module.ts';
import { SignalsPage, signalsPath } from './page.tsx';
import { welfareSignals } from './service.ts';

/** Welfare signals for the IG's office: the page and its JSON twin (anyone else gets 404). */
export function registerSignalsRoutes(app: FastifyInstance, platform: Platform): void {
  app.get(signalsPath, { schema: { hide: true } }, async (request, reply) => {
    const signals = await welfareSignals(platform, requireStaff(request));
    return reply.html(h(SignalsPage, { page: request.pageContext(), signals }));
  });

  app.get(`${signalsPath}.json`, { schema: { hide: true } }, async (request, reply) => {
    const signals = await welfareSignals(platform, requireStaff(request));
    return reply
      .header('cache-control', 'no-store')
      .type('application/json')
      .send(JSON.stringify(signals, null, 2));
  });
}
