import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { addDays, localDate } from '../../../platform/time/index.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { FinancePage } from './page.tsx';
import { financeReport, reconcile, seesReconciliation } from './service.ts';

const ReportQuery = Type.Object({ run: Type.Optional(Type.String({ maxLength: 20 })) });
const RunBody = formBody({ from: 20, to: 20 });

async function financePage(
  platform: Platform,
  request: FastifyRequest,
  form: { values?: Record<string, string>; errors?: FieldErrors; run?: string },
) {
  const report = await financeReport(platform, request.actor, form.run);
  const yesterday = addDays(localDate(platform.clock.now(), platform.config.jurisdiction.timeZone), -1);
  return h(FinancePage, {
    page: request.pageContext(),
    report,
    values: form.values ?? { from: yesterday, to: yesterday },
    errors: form.errors ?? {},
    currency: platform.config.jurisdiction.currency,
  });
}

/** /staff/fines/finance: the reconciliation report, the suspense list, and "Run now". */
export const financePageRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/fines/finance',
  register(scope, platform) {
    scope.get('', { schema: { querystring: ReportQuery } }, async (request, reply) => {
      requireStaff(request, seesReconciliation);
      const { run } = request.query;
      return reply.html(await financePage(platform, request, run === undefined ? {} : { run }));
    });

    scope.post('/run', { schema: { body: RunBody } }, async (request, reply) => {
      requireStaff(request, seesReconciliation);
      const values = { from: request.body.from ?? '', to: request.body.to ?? '' };
      return answerForm(request, reply, {
        async action() {
          const run = await reconcile(platform, request.actor, values, 'page');
          return `/staff/fines/finance?run=${run.id}`;
        },
        showAgain: (errors) => financePage(platform, request, { values, errors }),
      });
    });
  },
};
