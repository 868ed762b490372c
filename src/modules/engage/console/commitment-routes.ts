import { h } from 'preact';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import { CommitmentsPage } from '../pages/commitments.tsx';
import { canRunConsole } from '../permissions.ts';
import { MAX_NOTE } from '../shared.ts';
import { DoneQuery, doneNotice, PageIdParams } from '../web.ts';
import { markCommitmentDone, publicCommitments, staffCommitments } from './commitments.ts';

const DoneForm = formBody({ note: MAX_NOTE * 4 });

/** What the IG promised and what was done, for everyone. */
export const publicCommitmentRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/engage',
  register(scope, platform) {
    scope.get('/commitments', async (request, reply) =>
      reply.html(h(CommitmentsPage, { page: request.pageContext(), rows: await publicCommitments(platform) })),
    );
  },
};

/** The IG's office marks commitments done. */
export const staffCommitmentRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/engage/commitments',
  register(scope, platform) {
    scope.get('', { schema: { querystring: DoneQuery } }, async (request, reply) => {
      requireStaff(request, canRunConsole);
      const rows = await staffCommitments(platform, request.actor);
      const staff = { errors: {}, notice: doneNotice(request, request.query, ['done']) };
      return reply.html(h(CommitmentsPage, { page: request.pageContext(), rows, staff }));
    });

    scope.post('/:id/done', { schema: { params: PageIdParams, body: DoneForm } }, (request, reply) => {
      requireStaff(request, canRunConsole);
      const { id } = request.params;
      const { note } = request.body;
      return answerForm(request, reply, {
        action: async () => {
          await markCommitmentDone(platform, request.actor, id, { note });
          return '/staff/engage/commitments?done=done';
        },
        showAgain: async (errors) => {
          const rows = await staffCommitments(platform, request.actor);
          return h(CommitmentsPage, { page: request.pageContext(), rows, staff: { errors, commitmentId: id, note } });
        },
      });
    });
  },
};
