import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { counties, misconductCategories } from '../../jurisdiction/kenya/index.ts';
import { requireStaff } from '../../platform/auth/plugin.ts';
import type { RoutePlugin, RouteScope } from '../../platform/http/routes.ts';
import type { Platform } from '../../platform/module.ts';
import { answerForm, formBody } from '../../platform/web/form-action.ts';
import { casePage, formValues } from './case-view.ts';
import { QueuePage } from './pages/queue.tsx';
import { caseRoles } from './permissions.ts';
import * as cases from './service.ts';
import { listQueue, readQueueQuery, type QueueQuery } from './queue.ts';
import { queueSorts } from './queue-store.ts';
import { exportQueue } from './export.ts';
import { deleteView, saveView, savedViews } from './views/service.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import { localDate } from '../../platform/time/index.ts';
import { addNote } from './notes/service.ts';
import { assignCase, loadOfUnit } from './assignment/service.ts';
import { TeamPage } from './pages/team.tsx';

export const CaseParams = Type.Object({ reference: Type.String({ maxLength: 64 }) });

const QueueQuerystring = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 100 })),
  category: Type.Optional(Type.String({ maxLength: 100 })),
  county: Type.Optional(Type.String({ maxLength: 100 })),
  overdue: Type.Optional(Type.String({ maxLength: 20 })),
  soon: Type.Optional(Type.String({ maxLength: 20 })),
  q: Type.Optional(Type.String({ maxLength: 2000 })),
  assignee: Type.Optional(Type.String({ maxLength: 20 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  dir: Type.Optional(Type.String({ maxLength: 10 })),
  page: Type.Optional(Type.String({ maxLength: 20 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

const notices = new Set(['status', 'reassign', 'assign', 'message', 'note']);

const queueNotices = new Set(['view', 'viewDeleted']);

/** The queue page for the person asking, as `query` asks for it, with their saved views. */
async function renderQueue(
  platform: Platform,
  request: FastifyRequest,
  query: QueueQuery,
  extra: { errors?: FieldErrors; viewName?: string; notice?: string } = {},
) {
  const actor = requireStaff(request, caseRoles);
  const { rows, total } = await listQueue(platform, actor, query);
  const saved = await savedViews(platform, actor);
  const categories = misconductCategories.map((c) => c.code);
  return h(QueuePage, {
    page: request.pageContext(),
    query,
    rows,
    total,
    categories,
    counties: [...counties],
    saved,
    ...extra,
  });
}

/** The queue: filters, search, pages; any view as a CSV file; a person's own saved views. */
function queuePages(scope: RouteScope, platform: Platform): void {
  scope.get('', { schema: { querystring: QueueQuerystring } }, async (request, reply) => {
    const { done } = request.query;
    const notice = done && queueNotices.has(done) ? request.t(`cases.done.${done}`) : undefined;
    return reply.html(await renderQueue(platform, request, readQueueQuery(request.query), notice ? { notice } : {}));
  });
  scope.get('/export.csv', { schema: { querystring: QueueQuerystring } }, async (request, reply) => {
    const actor = requireStaff(request, caseRoles);
    const { csv } = await exportQueue(platform, actor, readQueueQuery(request.query), request.t);
    const day = localDate(platform.clock.now(), platform.config.jurisdiction.timeZone);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sauti-cases-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
  scope.post('/views', { schema: { body: formBody({ name: 200, address: 4000 }) } }, (request, reply) => {
    const actor = requireStaff(request, caseRoles);
    const { name = '', address = '' } = request.body;
    return answerForm(request, reply, {
      action: async () => `/staff/cases?${await saveView(platform, actor, { name, address })}&done=view`,
      showAgain: (errors) =>
        renderQueue(platform, request, readQueueQuery(Object.fromEntries(new URLSearchParams(address))), {
          errors,
          viewName: name,
        }),
    });
  });
  scope.post(
    '/views/:id/delete',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 20 }) }), body: formBody({}) } },
    async (request, reply) => {
      const actor = requireStaff(request, caseRoles);
      await deleteView(platform, actor, request.params.id);
      return reply.redirect('/staff/cases?done=viewDeleted', 303);
    },
  );
}

/** A unit's open cases per person: who has how many, how many are late, how many nobody works yet. */
function teamPage(scope: RouteScope, platform: Platform): void {
  scope.get(
    '/team',
    { schema: { querystring: Type.Object({ unit: Type.Optional(Type.String({ maxLength: 40 })) }) } },
    async (request, reply) => {
      requireStaff(request, caseRoles);
      const load = await loadOfUnit(platform, request.actor, request.query.unit || undefined);
      return reply.html(h(TeamPage, { page: request.pageContext(), load }));
    },
  );
}

/** One case, with a notice after a form succeeded. */
function caseRoute(scope: RouteScope, platform: Platform): void {
  scope.get(
    '/:reference',
    {
      schema: { params: CaseParams, querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) }) },
    },
    async (request, reply) => {
      requireStaff(request, caseRoles);
      const { done } = request.query;
      const notice =
        done === 'directive'
          ? request.t('cases.directive.done.issued')
          : done
            ? request.t(`cases.done.${notices.has(done) ? done : 'saved'}`)
            : undefined;
      return reply.html(await casePage(platform, request, request.params.reference, notice ? { notice } : {}));
    },
  );
}

type CaseFormName = 'status' | 'reassign' | 'assign' | 'message' | 'note';

/**
 * A form posted on a case (`/:reference/<name>`): the action with what was sent, then back to the case with a notice;
 * on bad input the case page again, with the errors and what was typed.
 */
function caseForm<Field extends string>(
  scope: RouteScope,
  platform: Platform,
  form: {
    name: CaseFormName;
    path: string;
    fields: Record<Field, number>;
    act: (request: FastifyRequest, reference: string, body: Partial<Record<Field, string>>) => Promise<void>;
    /** Where the page opens after it, if not at the top. */
    anchor?: string;
  },
): void {
  scope.post(
    `/:reference/${form.path}`,
    { schema: { params: CaseParams, body: formBody(form.fields) } },
    (request, reply) => {
      requireStaff(request, caseRoles);
      const { reference } = request.params;
      const body = request.body as Partial<Record<Field, string>>;
      return answerForm(request, reply, {
        action: async () => {
          await form.act(request, reference, body);
          return `/staff/cases/${reference}?done=${form.name}${form.anchor ?? ''}`;
        },
        showAgain: (errors) =>
          casePage(platform, request, reference, { errors, form: { name: form.name, values: formValues(body) } }),
      });
    },
  );
}

/** Changing the status (closing it names an outcome), handing the case to another unit, writing to the reporter, an internal note. */
function caseForms(scope: RouteScope, platform: Platform): void {
  caseForm(scope, platform, {
    name: 'status',
    path: 'status',
    fields: { status: 100, reason: 4000, outcome: 200, publicNote: 4000 },
    act: (request, reference, body) =>
      cases.changeStatus(platform, request.actor, reference, {
        status: body.status ?? '',
        reason: body.reason ?? '',
        outcome: body.outcome || undefined,
        publicNote: body.publicNote,
      }),
  });
  caseForm(scope, platform, {
    name: 'reassign',
    path: 'reassign',
    fields: { unit: 100, reason: 4000 },
    act: (request, reference, body) =>
      cases.reassign(platform, request.actor, reference, { unitCode: body.unit ?? '', reason: body.reason ?? '' }),
  });
  caseForm(scope, platform, {
    name: 'assign',
    path: 'assign',
    fields: { assignee: 40, reason: 4000 },
    act: (request, reference, body) =>
      assignCase(platform, request.actor, reference, { assignee: body.assignee ?? '', reason: body.reason ?? '' }),
    anchor: '#assignee-title',
  });
  caseForm(scope, platform, {
    name: 'message',
    path: 'messages',
    fields: { message: 8000 },
    act: (request, reference, body) => cases.messageReporter(platform, request.actor, reference, body.message ?? ''),
  });
  caseForm(scope, platform, {
    name: 'note',
    path: 'notes',
    fields: { note: 8000 },
    act: (request, reference, body) => addNote(platform, request.actor, reference, body.note ?? ''),
    anchor: '#notes-title',
  });
}

/** Staff pages of the case hub: the queue, a case, and what may be done on it (status, unit, a message to the reporter). */
export const caseStaffRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/cases',
  register(scope, platform) {
    queuePages(scope, platform);
    teamPage(scope, platform);
    caseRoute(scope, platform);
    caseForms(scope, platform);
  },
};

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
  /** The running clock that runs out first (none on a closed case or one waiting for the reporter). */
  nextClock: Type.Union([
    Type.Literal('first_response'),
    Type.Literal('update'),
    Type.Literal('resolution'),
    Type.Null(),
  ]),
  nextDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Escalated: a clock has run out. */
  overdue: Type.Boolean(),
  /** A clock is nearly out. */
  dueSoon: Type.Boolean(),
  evidenceCount: Type.Integer(),
  /** Who in the unit works it (null: nobody yet). */
  assignee: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
});

/** The queue as JSON, for programs used by staff. */
export const caseApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/cases',
  register(scope, platform) {
    scope.get(
      '',
      {
        schema: {
          tags: ['cases'],
          summary: 'Cases the signed-in staff member may see (queue filters and full-text search)',
          querystring: Type.Object({
            status: Type.Optional(Type.String()),
            category: Type.Optional(Type.String()),
            county: Type.Optional(Type.String()),
            overdue: Type.Optional(Type.Boolean({ description: 'escalated only: a clock has run out' })),
            dueSoon: Type.Optional(Type.Boolean({ description: 'only those whose clock is nearly out' })),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            assignee: Type.Optional(
              Type.String({ maxLength: 20, description: '`me`, `none` (nobody works it yet) or an account id' }),
            ),
            sort: Type.Optional(Type.Union(queueSorts.map((s) => Type.Literal(s)))),
            dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
            page: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
          response: { 200: Type.Object({ total: Type.Integer(), cases: Type.Array(CaseSummary) }) },
        },
      },
      async (request) => {
        const actor = requireStaff(request, caseRoles);
        const { dir, ...query } = request.query;
        const { rows, total } = await listQueue(platform, actor, { ...query, descending: dir === 'desc' });
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
            nextClock: c.next_clock,
            nextDueAt: c.next_due_at?.toISOString() ?? null,
            overdue: Boolean(c.overdue),
            dueSoon: Boolean(c.due_soon),
            evidenceCount: c.evidence_count,
            assignee: c.assignee_id && c.assignee_name ? { id: c.assignee_id, name: c.assignee_name } : null,
          })),
        };
      },
    );
  },
};
