import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { BadInput, NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { translateProblems, type FieldErrors } from '../../../platform/web/forms.tsx';
import { mayReadDashboard } from '../permissions.ts';
import { REFRESH_MINUTES } from '../refresh/service.ts';
import { DashboardPage, dashboardPath } from './pages/dashboard.tsx';
import { isSection, type SectionName } from './section.ts';
import { dashboardSection, type Dashboard } from './service.ts';
import { tableCsv } from './table.ts';

const FilterQuerystring = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
  county: Type.Optional(Type.String({ maxLength: 20 })),
  station: Type.Optional(Type.String({ maxLength: 100 })),
  unit: Type.Optional(Type.String({ maxLength: 40 })),
});
type FilterQuerystring = Static<typeof FilterQuerystring>;

const sectionOf = (name: string | undefined): SectionName => {
  const section = name ?? 'cases';
  if (!isSection(section)) throw new NotFound();
  return section;
};

/** The section as asked; for a filter it refuses, the default view with the errors (and a 400). */
async function readDashboard(
  platform: Platform,
  request: FastifyRequest,
  section: SectionName,
  query: FilterQuerystring,
): Promise<{ dashboard: Dashboard; errors: FieldErrors }> {
  const who = requireStaff(request, mayReadDashboard);
  const load = (q: FilterQuerystring) => dashboardSection(platform, who, section, q, request.t, request.locale);
  try {
    return { dashboard: await load(query), errors: {} };
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    return { dashboard: await load({}), errors: translateProblems(request.t, error.problems) };
  }
}

/** The dashboard for the IG's office (a county for a commander, a unit for its head), and each table as CSV. */
export const dashboardRoutes: RoutePlugin = {
  area: 'staff',
  prefix: dashboardPath,
  register(scope, platform) {
    const page = async (request: FastifyRequest<{ Querystring: FilterQuerystring }>, name: string | undefined) => {
      const section = sectionOf(name);
      const { dashboard, errors } = await readDashboard(platform, request, section, request.query);
      const status = Object.keys(errors).length > 0 ? 400 : 200;
      const zone = platform.config.jurisdiction.timeZone;
      return {
        status,
        html: h(DashboardPage, {
          page: request.pageContext(),
          dashboard,
          zone,
          refreshMinutes: REFRESH_MINUTES,
          errors,
        }),
      };
    };
    scope.get<{ Querystring: FilterQuerystring }>(
      '',
      { schema: { querystring: FilterQuerystring } },
      async (request, reply) => {
        const { status, html } = await page(request, undefined);
        return reply.header('cache-control', 'private, no-store').html(html, status);
      },
    );
    scope.get<{ Params: { section: string }; Querystring: FilterQuerystring }>(
      '/:section',
      { schema: { querystring: FilterQuerystring } },
      async (request, reply) => {
        const { status, html } = await page(request, request.params.section);
        return reply.header('cache-control', 'private, no-store').html(html, status);
      },
    );
    scope.get<{ Params: { section: string; file: string }; Querystring: FilterQuerystring }>(
      '/:section/:file',
      { schema: { querystring: FilterQuerystring } },
      async (request, reply) => {
        const who = requireStaff(request, mayReadDashboard);
        const section = sectionOf(request.params.section);
        const id = request.params.file.endsWith('.csv') ? request.params.file.slice(0, -4) : undefined;
        if (!id) throw new NotFound();
        const dashboard = await dashboardSection(platform, who, section, request.query, request.t, request.locale);
        const table = dashboard.tables.find((t) => t.id === id);
        if (!table) throw new NotFound();
        return reply
          .header('cache-control', 'private, no-store')
          .header(
            'content-disposition',
            `attachment; filename="${table.id}-${dashboard.filter.from}-${dashboard.filter.to}.csv"`,
          )
          .type('text/csv; charset=utf-8')
          .send(tableCsv(table));
      },
    );
  },
};
