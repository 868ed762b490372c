import { h } from 'preact';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { SignalsPage } from './page.tsx';
import { welfareSignals } from './service.ts';

/** Welfare signals for the IG's office: the page and its JSON twin (anyone else gets 404). */
export const signalsRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/voice',
  register(scope, platform) {
    scope.get('/signals', async (request, reply) => {
      const signals = await welfareSignals(platform, requireStaff(request));
      return reply.html(h(SignalsPage, { page: request.pageContext(), signals }));
    });

    scope.get('/signals.json', async (request, reply) => {
      const signals = await welfareSignals(platform, requireStaff(request));
      return reply
        .header('cache-control', 'no-store')
        .type('application/json')
        .send(JSON.stringify(signals, null, 2));
    });
  },
};
