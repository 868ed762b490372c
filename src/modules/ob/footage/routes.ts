import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { formBody, answerForm } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { attachToCase, custodyChain, footageFor, footageToStream, stationFootage, viewGrant } from './access.ts';
import { lodgeFromForm, type LodgeFields } from './lodge-form.ts';
import { footageKeeper } from './lodge.ts';
import { FootageListPage, FootageRecordPage, FootageViewPage, footagePath } from './pages.tsx';
import { sendFootageFile } from './send.ts';
import { footageSettings } from './settings.ts';

const Station = Type.Object({ station: Type.String({ maxLength: 64 }) });
const Id = Type.Object({ id: Type.String({ maxLength: 20 }) });
const RecordQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) });
const StreamQuery = Type.Object({ grant: Type.Optional(Type.String({ maxLength: 200 })) });
const AttachBody = formBody({ case: 200 });

const maxFileMb = (platform: Platform) => Math.floor(platform.config.evidenceMaxBytes / 1024 / 1024);

async function listPage(
  platform: Platform,
  request: FastifyRequest,
  stationId: string,
  values: LodgeFields = {},
  errors: FieldErrors = {},
) {
  const { station, rows, canLodge } = await stationFootage(platform, request.actor, stationId);
  return h(FootageListPage, {
    page: request.pageContext(),
    station,
    rows,
    canLodge,
    values,
    errors,
    maxFileMb: maxFileMb(platform),
    resumableMaxBytes: platform.config.settings.of(footageSettings).maxBytes,
  });
}

/** The footage's record page (looking at it is no view of the footage; an outside reader's look is audited). */
async function recordPage(
  platform: Platform,
  request: FastifyRequest,
  id: string,
  extra: { notice?: string; values?: { case?: string | undefined }; errors?: FieldErrors } = {},
) {
  const { footage } = await footageFor(platform, request.actor, id, 'read');
  const chain = await custodyChain(platform, footage);
  return h(FootageRecordPage, { page: request.pageContext(), footage, chain, ...extra });
}

/** Viewing, streaming and exporting one piece of footage. */
function mediaRoutes(scope: RouteScope, platform: Platform): void {
  scope.get('/footage/:id/view', { schema: { params: Id } }, async (request, reply) => {
    const { who, footage } = await footageFor(platform, request.actor, request.params.id, 'view');
    const streamUrl = `${footagePath(footage.id)}/stream?grant=${viewGrant(platform, footage.id, who)}`;
    return reply.html(h(FootageViewPage, { page: request.pageContext(), footage, streamUrl }));
  });

  scope.get('/footage/:id/stream', { schema: { params: Id, querystring: StreamQuery } }, async (request, reply) => {
    const footage = await footageToStream(platform, request.actor, request.params.id, request.query.grant);
    return sendFootageFile(request, reply, platform.blobs, {
      sha256: footage.sha256,
      sizeBytes: footage.size_bytes,
      mediaType: footage.media_type,
      name: `footage-${footage.id}`,
      disposition: 'inline',
    });
  });

  scope.get('/footage/:id/export', { schema: { params: Id } }, async (request, reply) => {
    const { footage } = await footageFor(platform, request.actor, request.params.id, 'export');
    return sendFootageFile(request, reply, platform.blobs, {
      sha256: footage.sha256,
      sizeBytes: footage.size_bytes,
      mediaType: footage.media_type,
      name: `footage-${footage.station_id}-${footage.day}-${footage.number}-${footage.sha256.slice(0, 12)}`,
      disposition: 'attachment',
    });
  });
}

/** Body-camera footage pages under /staff/ob: a station's list and lodging form, each footage's record, view and export. */
export const footageStaffRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/ob',
  register(scope, platform) {
    scope.get('/:station/footage', { schema: { params: Station } }, async (request, reply) => {
      requireStaff(request);
      return reply.html(await listPage(platform, request, request.params.station));
    });

    // multipart (the file, without JavaScript) or naming a finished upload; the CSRF token is checked as it is read
    scope.post(
      '/:station/footage',
      { config: { csrf: 'manual' }, schema: { params: Station } },
      async (request, reply) => {
        footageKeeper(request.actor, request.params.station);
        const { station } = request.params;
        const { fields, outcome } = await lodgeFromForm(platform, request, station, maxFileMb(platform));
        if ('lodged' in outcome) return reply.redirect(`${footagePath(outcome.lodged.id)}?done=lodged`, 303);
        return reply.html(await listPage(platform, request, station, fields, outcome.errors), outcome.status);
      },
    );

    scope.get('/footage/:id', { schema: { params: Id, querystring: RecordQuery } }, async (request, reply) => {
      requireStaff(request);
      const done = request.query.done;
      const notice = done === 'lodged' || done === 'attached' ? request.t(`ob.footage.done.${done}`) : undefined;
      return reply.html(await recordPage(platform, request, request.params.id, notice ? { notice } : {}));
    });

    scope.post('/footage/:id/cases', { schema: { params: Id, body: AttachBody } }, async (request, reply) => {
      requireStaff(request);
      const { id } = request.params;
      return answerForm(request, reply, {
        action: async () => (
          await attachToCase(platform, request.actor, id, request.body.case),
          `${footagePath(id)}?done=attached`
        ),
        showAgain: (errors) => recordPage(platform, request, id, { values: { case: request.body.case }, errors }),
      });
    });

    mediaRoutes(scope, platform);
  },
};
