import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { counties, misconductCategories, units } from '../../jurisdiction/kenya/index.ts';
import { requireStaff } from '../../platform/auth/plugin.ts';
import { BadInput } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { translateProblems } from '../../platform/web/forms.tsx';
import { CasePage } from './pages/case.tsx';
import { QueuePage, type QueueQuery } from './pages/queue.tsx';
import * as cases from './service.ts';

const caseRoles = ['investigator', 'oversight_liaison', 'ig_office'] as const;

function readQueueQuery(raw: Record<string, string | undefined>): QueueQuery {
  const page = Number.parseInt(raw.page ?? '1', 10);
  return {
    status: raw.status || undefined,
    category: raw.category || undefined,
    county: raw.county || undefined,
    overdue: raw.overdue === '1' || raw.overdue === 'true',
    q: raw.q || undefined,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

const CaseSummary = Type.Object({
  reference: Type.String(),
  category: Type.String(),
  status: Type.String(),
  outcome: Type.Union([Type.String(), Type.Null()]),
  unit: Type.String(),
  county: Type.Union([Type.String(), Type.Null()]),
  station: Type.Union([Type.String(), Type.Null()]),
  openedAt: Type.String({ format: 'date-time' }),
  firstResponseDueAt: Type.String({ format: 'date-time' }),
  overdue: Type.Boolean(),
});

export function registerCaseRoutes(app: FastifyInstance, platform: Platform): void {
  const unitCodes = units.map((u) => u.code as string);

  app.get('/staff/cases', { schema: { hide: true } }, async (request, reply) => {
    const actor = requireStaff(request, caseRoles);
    const query = readQueueQuery(request.query as Record<string, string>);
    const { rows, total } = await cases.listQueue(platform, actor, query);
    return reply.html(
      h(QueuePage, { page: request.pageContext(), query, rows, total, categories: misconductCategories.map((c) => c.code), counties: [...counties] }),
    );
  });

  async function showCase(request: FastifyRequest, reply: FastifyReply, extra: { errors?: Record<string, string>; form?: Parameters<typeof CasePage>[0]['form']; notice?: string; status?: number } = {}) {
    const { reference } = request.params as { reference: string };
    const detail = await cases.viewCase(platform, request.actor, reference);
    const page = request.pageContext();
    const source = (await cases.caseSource(detail.case.source)?.render(platform, page, detail.case)) ?? null;
    return reply.html(h(CasePage, { page, detail, source, units: unitCodes, errors: extra.errors ?? {}, form: extra.form, notice: extra.notice }), extra.status ?? 200);
  }

  app.get('/staff/cases/:reference', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, caseRoles);
    const { done } = request.query as { done?: string };
    return showCase(request, reply, done ? { notice: request.t(`cases.done.${done === 'status' || done === 'reassign' || done === 'message' ? done : 'saved'}`) } : {});
  });

  /** Runs a case action from a form; on bad input shows the case again with the errors. */
  async function caseAction(request: FastifyRequest, reply: FastifyReply, name: 'status' | 'reassign' | 'message', run: (body: Record<string, string>) => Promise<void>) {
    requireStaff(request, caseRoles);
    const body = Object.fromEntries(Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    const { reference } = request.params as { reference: string };
    try {
      await run(body);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      return showCase(request, reply, { errors: translateProblems(request.t, error.problems), form: { name, values: body }, status: 400 });
    }
    return reply.redirect(`/staff/cases/${reference}?done=${name}`, 303);
  }

  app.post('/staff/cases/:reference/status', { schema: { hide: true } }, (request, reply) =>
    caseAction(request, reply, 'status', (body) =>
      cases.changeStatus(platform, request.actor, (request.params as { reference: string }).reference, {
        status: body.status ?? '',
        reason: body.reason ?? '',
        outcome: body.outcome || undefined,
      }),
    ),
  );

  app.post('/staff/cases/:reference/reassign', { schema: { hide: true } }, (request, reply) =>
    caseAction(request, reply, 'reassign', (body) =>
      cases.reassign(platform, request.actor, (request.params as { reference: string }).reference, { unitCode: body.unit ?? '', reason: body.reason ?? '' }),
    ),
  );

  app.post('/staff/cases/:reference/messages', { schema: { hide: true } }, (request, reply) =>
    caseAction(request, reply, 'message', (body) => cases.messageReporter(platform, request.actor, (request.params as { reference: string }).reference, body.message ?? '')),
  );

  app.get(
    '/api/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Cases the signed-in staff member may see (queue filters and full-text search)',
        querystring: Type.Object({
          status: Type.Optional(Type.String()),
          category: Type.Optional(Type.String()),
          county: Type.Optional(Type.String()),
          overdue: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          page: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), cases: Type.Array(CaseSummary) }) },
      },
    },
    async (request) => {
      const actor = requireStaff(request, caseRoles);
      const { rows, total } = await cases.listQueue(platform, actor, request.query as QueueQuery);
      return {
        total,
        cases: rows.map((c) => ({
          reference: c.reference,
          category: c.category,
          status: c.status,
          outcome: c.outcome,
          unit: c.unit_code,
          county: c.county_code,
          station: c.station_id,
          openedAt: c.opened_at.toISOString(),
          firstResponseDueAt: c.first_response_due_at.toISOString(),
          overdue: Boolean(c.overdue),
        })),
      };
    },
  );
}
