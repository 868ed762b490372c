import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { sendStoredFile } from '../../../platform/http/files.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import { casePage, formValues } from '../case-view.ts';
import { canDirect, caseRoles } from '../permissions.ts';
import { CaseParams } from '../routes.ts';
import { deliverableUpload, DirectiveParams } from './deliverable-routes.ts';
import * as directives from './directives.ts';
import { DirectivesPage } from './pages/directives.tsx';
import { PublicDirectivesPage } from './pages/public.tsx';
import { directivePage } from './view.ts';

const DirectiveBody = formBody({
  unit: 100,
  task: 4 * directives.MAX_TASK_LENGTH,
  deliverable: 4 * directives.MAX_DELIVERABLE_LENGTH,
  dueDate: 100,
  public: 100,
});

/** The IG's office directs a unit from the case page; a refused directive shows the case again with its form. */
const directiveIssueRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/cases',
  register(scope, platform) {
    scope.post('/:reference/directives', { schema: { params: CaseParams, body: DirectiveBody } }, (request, reply) => {
      requireStaff(request, canDirect);
      const { reference } = request.params;
      const body = request.body;
      return answerForm(request, reply, {
        action: async () => {
          await directives.issueDirective(platform, request.actor, reference, {
            unitCode: body.unit ?? '',
            task: body.task ?? '',
            deliverable: body.deliverable ?? '',
            dueDate: body.dueDate ?? '',
            public: body.public === 'yes',
          });
          return `/staff/cases/${reference}?done=directive`;
        },
        showAgain: (errors) =>
          casePage(platform, request, reference, { errors, form: { name: 'directive', values: formValues(body) } }),
      });
    });
  },
};

/** The dashboards: the IG's office sees every directive, a directed unit its own. */
function dashboard(scope: RouteScope, platform: Platform): void {
  scope.get('', async (request, reply) => {
    const actor = requireStaff(request, caseRoles);
    const view = canDirect(actor) ? 'ig' : 'unit';
    const lists =
      view === 'ig'
        ? await directives.directivesDashboard(platform, actor)
        : await directives.unitDirectives(platform, actor);
    return reply.html(h(DirectivesPage, { page: request.pageContext(), lists, view }));
  });
}

/** One directive, and its deliverable's file for staff who may see the case. */
function oneDirective(scope: RouteScope, platform: Platform): void {
  scope.get(
    '/:id',
    {
      schema: {
        params: DirectiveParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) }),
      },
    },
    async (request, reply) => {
      requireStaff(request, caseRoles);
      const extra = request.query.done === 'delivered' ? { notice: request.t('cases.directive.done.delivered') } : {};
      return reply.html(await directivePage(platform, request, request.params.id, extra));
    },
  );
  scope.get('/:id/deliverable', { schema: { params: DirectiveParams } }, async (request, reply) => {
    const actor = requireStaff(request);
    const file = await directives.deliverableForStaff(platform, actor, request.params.id);
    return sendStoredFile(reply, platform.blobs, {
      sha256: file.sha256,
      mediaType: file.mediaType,
      name: `directive-${file.directiveId}-${file.sha256.slice(0, 12)}`,
    });
  });
}

const directiveStaffRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/directives',
  register(scope, platform) {
    dashboard(scope, platform);
    oneDirective(scope, platform);
    deliverableUpload(scope, platform);
  },
};

/** What the IG's office directed in public, for everyone. */
const directivePublicRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/directives',
  register(scope, platform) {
    scope.get('', async (request, reply) =>
      reply.html(
        h(PublicDirectivesPage, {
          page: request.pageContext(),
          directives: await directives.publicDirectives(platform),
        }),
      ),
    );
  },
};

const directiveApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/directives',
  register(scope, platform) {
    scope.get(
      '',
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
  },
};

export const directiveRoutes: RoutePlugin[] = [
  directiveIssueRoutes,
  directiveStaffRoutes,
  directivePublicRoutes,
  directiveApiRoutes,
];
