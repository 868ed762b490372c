import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StaffActor } from '../../../platform/auth/actor.ts';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { BadInput, TooLarge, UnsupportedType } from '../../../platform/http/errors.ts';
import type { RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { FormRefused, readMultipart } from '../../../platform/web/form-data.ts';
import { translateProblems, type FieldErrors } from '../../../platform/web/forms.tsx';
import { checkCsrf } from '../../../platform/web/plugin.ts';
import { caseRoles } from '../permissions.ts';
import * as directives from './directives.ts';
import { deliverableMaxMb, directivePage } from './view.ts';

export const DirectiveParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** A form without a file may come urlencoded; a multipart body is read by readMultipart (no body then). */
const DeliverableBody = Type.Union([formBody({ note: 4 * directives.MAX_NOTE_LENGTH }), Type.Null()]);

interface Delivery {
  note: string;
  /** Why the deliverable was not taken (the service's refusal), if it was not. */
  failure?: unknown;
}

/**
 * Fields first (the CSRF token is checked before any file is read), then the one file, streamed by
 * the service only after it has checked who is uploading.
 */
async function receive(
  platform: Platform,
  request: FastifyRequest,
  actor: StaffActor,
  id: string,
  body: { note?: string; _csrf?: string } | null,
): Promise<Delivery> {
  let failure: unknown;
  let submitted = false;
  let fields: Record<string, string> = { note: body?.note ?? '' };
  if (!request.isMultipart()) checkCsrf(request, body?._csrf);
  else {
    try {
      fields = (
        await readMultipart(request, {
          fileField: 'file',
          async onFile(file, sent) {
            if (submitted || failure || !file.filename) return;
            checkCsrf(request, sent._csrf);
            submitted = true;
            await directives
              .submitDeliverable(platform, actor, id, { stream: file.file }, sent.note ?? '')
              .catch((error: unknown) => (failure = error));
          },
        })
      ).fields;
    } catch (error) {
      if (!(error instanceof FormRefused)) throw error;
      return { note: error.fields.note ?? '', failure: error };
    }
    checkCsrf(request, fields._csrf);
  }
  if (!submitted && !failure)
    await directives
      .submitDeliverable(platform, actor, id, undefined, fields.note ?? '')
      .catch((error: unknown) => (failure = error));
  return { note: fields.note ?? '', failure };
}

/** The field errors and status a refused deliverable is answered with; anything else is not the form's to answer. */
function refusal(
  request: FastifyRequest,
  platform: Platform,
  failure: unknown,
): { errors: FieldErrors; status: number } {
  if (failure instanceof BadInput) return { errors: translateProblems(request.t, failure.problems), status: 400 };
  if (failure instanceof TooLarge)
    return {
      errors: { file: request.t('cases.directive.error.tooLarge', { mb: deliverableMaxMb(platform) }) },
      status: 413,
    };
  if (failure instanceof UnsupportedType)
    return { errors: { file: request.t('cases.directive.error.wrongType') }, status: 415 };
  throw failure;
}

/** The directed unit's deliverable: the upload closes the directive. */
export function deliverableUpload(scope: RouteScope, platform: Platform): void {
  scope.post(
    '/:id/deliverable',
    { schema: { params: DirectiveParams, body: DeliverableBody }, config: { csrf: 'manual' } },
    async (request, reply) => {
      const actor = requireStaff(request, caseRoles);
      const { id } = request.params;
      const { note, failure } = await receive(platform, request, actor, id, request.body);
      if (failure === undefined) return reply.redirect(`/staff/directives/${id}?done=delivered`, 303);
      const { errors, status } = refusal(request, platform, failure);
      return reply.html(await directivePage(platform, request, id, { errors, values: { note } }), status);
    },
  );
}
