import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { counties, misconductCategories, units } from '../../jurisdiction/kenya/index.ts';
import { requireStaff } from '../../platform/auth/plugin.ts';
import { sendStoredFile } from '../../platform/http/files.ts';
import type { MultipartFile } from '@fastify/multipart';
import { BadInput, TooLarge, UnsupportedType } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { translateProblems, type FieldErrors } from '../../platform/web/forms.tsx';
import { checkCsrf } from '../../platform/web/plugin.ts';
import * as directives from './directives/directives.ts';
import { CasePage } from './pages/case.tsx';
import { DirectivePage, DirectivesPage } from './directives/pages/directives.tsx';
import { PublicDirectivesPage } from './directives/pages/public.tsx';
import { QueuePage, type QueueQuery } from './pages/queue.tsx';
import { canDirect, caseRoles } from './permissions.ts';
import * as cases from './service.ts';

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
      h(QueuePage, {
        page: request.pageContext(),
        query,
        rows,
        total,
        categories: misconductCategories.map((c) => c.code),
        counties: [...counties],
      }),
    );
  });

  async function showCase(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: Record<string, string>;
      form?: Parameters<typeof CasePage>[0]['form'];
      notice?: string;
      status?: number;
    } = {},
  ) {
    const { reference } = request.params as { reference: string };
    const detail = await cases.viewCase(platform, request.actor, reference);
    const page = request.pageContext();
    const source = (await cases.caseSource(detail.case.source)?.render(platform, page, detail.case)) ?? null;
    return reply.html(
      h(CasePage, {
        page,
        detail,
        source,
        units: unitCodes,
        errors: extra.errors ?? {},
        form: extra.form,
        notice: extra.notice,
      }),
      extra.status ?? 200,
    );
  }

  app.get('/staff/cases/:reference', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, caseRoles);
    const { done } = request.query as { done?: string };
    if (done === 'directive') return showCase(request, reply, { notice: request.t('cases.directive.done.issued') });
    return showCase(
      request,
      reply,
      done
        ? {
            notice: request.t(
              `cases.done.${done === 'status' || done === 'reassign' || done === 'message' ? done : 'saved'}`,
            ),
          }
        : {},
    );
  });

  /** Runs a case action from a form; on bad input shows the case again with the errors. */
  async function caseAction(
    request: FastifyRequest,
    reply: FastifyReply,
    name: 'status' | 'reassign' | 'message' | 'directive',
    run: (body: Record<string, string>) => Promise<void>,
  ) {
    requireStaff(request, name === 'directive' ? canDirect : caseRoles);
    const body = Object.fromEntries(
      Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : '',
      ]),
    );
    const { reference } = request.params as { reference: string };
    try {
      await run(body);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      return showCase(request, reply, {
        errors: translateProblems(request.t, error.problems),
        form: { name, values: body },
        status: 400,
      });
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
      cases.reassign(platform, request.actor, (request.params as { reference: string }).reference, {
        unitCode: body.unit ?? '',
        reason: body.reason ?? '',
      }),
    ),
  );

  app.post('/staff/cases/:reference/messages', { schema: { hide: true } }, (request, reply) =>
    caseAction(request, reply, 'message', (body) =>
      cases.messageReporter(
        platform,
        request.actor,
        (request.params as { reference: string }).reference,
        body.message ?? '',
      ),
    ),
  );

  // Directives from the IG's office

  app.post('/staff/cases/:reference/directives', { schema: { hide: true } }, (request, reply) =>
    caseAction(request, reply, 'directive', async (body) => {
      await directives.issueDirective(platform, request.actor, (request.params as { reference: string }).reference, {
        unitCode: body.unit ?? '',
        task: body.task ?? '',
        deliverable: body.deliverable ?? '',
        dueDate: body.dueDate ?? '',
        public: body.public === 'yes',
      });
    }),
  );

  app.get('/staff/directives', { schema: { hide: true } }, async (request, reply) => {
    const actor = requireStaff(request, caseRoles);
    const view = canDirect(actor) ? 'ig' : 'unit';
    const lists =
      view === 'ig'
        ? await directives.directivesDashboard(platform, actor)
        : await directives.unitDirectives(platform, actor);
    return reply.html(h(DirectivesPage, { page: request.pageContext(), lists, view }));
  });

  const maxMb = Math.max(1, Math.floor(platform.config.evidenceMaxBytes / 1024 / 1024));

  async function showDirective(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; values?: Record<string, string>; notice?: string; status?: number } = {},
  ) {
    const { id } = request.params as { id: string };
    const { directive, mayDeliver } = await directives.viewDirective(platform, request.actor, id);
    return reply.html(
      h(DirectivePage, {
        page: request.pageContext(),
        directive,
        mayDeliver,
        maxMb,
        errors: extra.errors ?? {},
        values: extra.values ?? {},
        notice: extra.notice,
      }),
      extra.status ?? 200,
    );
  }

  app.get('/staff/directives/:id', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request, caseRoles);
    const { done } = request.query as { done?: string };
    return showDirective(
      request,
      reply,
      done === 'delivered' ? { notice: request.t('cases.directive.done.delivered') } : {},
    );
  });

  /**
   * The deliverable upload: fields first (the CSRF token is checked before any file is read), then
   * the one file, streamed by the service only after it has checked who is uploading.
   */
  app.post(
    '/staff/directives/:id/deliverable',
    { schema: { hide: true }, config: { csrf: 'manual' } },
    async (request, reply) => {
      const actor = requireStaff(request, caseRoles);
      const { id } = request.params as { id: string };
      const values: Record<string, string> = {};
      let failure: unknown;
      let submitted = false;
      if (!request.isMultipart()) {
        const body = (request.body ?? {}) as Record<string, unknown>;
        checkCsrf(request, typeof body._csrf === 'string' ? body._csrf : undefined);
        values.note = typeof body.note === 'string' ? body.note : '';
      } else {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            values[part.fieldname] = String(part.value ?? '');
            continue;
          }
          const file = part as MultipartFile;
          if (submitted || failure || !file.filename) {
            file.file.resume();
            continue;
          }
          checkCsrf(request, values._csrf);
          submitted = true;
          try {
            await directives.submitDeliverable(platform, actor, id, { stream: file.file }, values.note ?? '');
          } catch (error) {
            failure = error;
            file.file.resume();
          }
        }
        checkCsrf(request, values._csrf);
      }
      if (!submitted && !failure) {
        try {
          await directives.submitDeliverable(platform, actor, id, undefined, values.note ?? '');
        } catch (error) {
          failure = error;
        }
      }
      if (failure) {
        const form = { note: values.note ?? '' };
        if (failure instanceof BadInput)
          return showDirective(request, reply, {
            errors: translateProblems(request.t, failure.problems),
            values: form,
            status: 400,
          });
        if (failure instanceof TooLarge)
          return showDirective(request, reply, {
            errors: { file: request.t('cases.directive.error.tooLarge', { mb: maxMb }) },
            values: form,
            status: 413,
          });
        if (failure instanceof UnsupportedType)
          return showDirective(request, reply, {
            errors: { file: request.t('cases.directive.error.wrongType') },
            values: form,
            status: 415,
          });
        throw failure;
      }
      return reply.redirect(`/staff/directives/${id}?done=delivered`, 303);
    },
  );

  app.get('/staff/directives/:id/deliverable', { schema: { hide: true } }, async (request, reply) => {
    const actor = requireStaff(request);
    const file = await directives.deliverableForStaff(platform, actor, (request.params as { id: string }).id);
    return sendStoredFile(reply, platform.blobs, {
      sha256: file.sha256,
      mediaType: file.mediaType,
      name: `directive-${file.directiveId}-${file.sha256.slice(0, 12)}`,
    });
  });

  app.get('/directives', { schema: { hide: true } }, async (request, reply) =>
    reply.html(
      h(PublicDirectivesPage, { page: request.pageContext(), directives: await directives.publicDirectives(platform) }),
    ),
  );

  app.get(
    '/api/directives',
    {
      schema: {
        tags: ['cases'],
        summary: 'Directives the IG’s office made public: what, to which unit, by when, and whether it was delivered',
        response: {
          200: Type.Array(
            Type.Object({
              issuedOn: Type.String({ format: 'date' }),
              unit: Type.String(),
              task: Type.String(),
              deliverable: Type.String(),
              dueOn: Type.String({ format: 'date' }),
              status: Type.Union([Type.Literal('open'), Type.Literal('overdue'), Type.Literal('delivered')]),
              deliveredOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
            }),
          ),
        },
      },
    },
    async () =>
      (await directives.publicDirectives(platform)).map((d) => ({
        issuedOn: d.issuedOn,
        unit: d.unitCode,
        task: d.task,
        deliverable: d.deliverable,
        dueOn: d.dueOn,
        status: d.status,
        deliveredOn: d.deliveredOn,
      })),
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
