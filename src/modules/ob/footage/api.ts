import { Type } from 'typebox';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { attachToCase, custodyChain, footageFor } from './access.ts';
import { claimUpload } from './lodge-form.ts';
import { checkLodging, footageKeeper, lodgeFootage } from './lodge.ts';
import { FOOTAGE_UPLOADS_PATH, footageUploadsOf } from './uploads.ts';

const Station = Type.Object({ station: Type.String({ maxLength: 64 }) });
const Id = Type.Object({ id: Type.String({ maxLength: 20 }) });

const LodgeBody = Type.Object({
  upload: Type.Optional(
    Type.String({
      maxLength: 64,
      description: `the id of a finished resumable upload (tus, at ${FOOTAGE_UPLOADS_PATH})`,
    }),
  ),
  cameraId: Type.Optional(Type.String({ maxLength: 400 })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'when the recording started (ISO 8601 with offset)' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'when it ended' })),
  place: Type.Optional(Type.String({ maxLength: 1200 })),
  narrative: Type.Optional(Type.String({ maxLength: 16000 })),
});

const Lodged = Type.Object({
  id: Type.String(),
  obNumber: Type.String({ description: 'the OB entry (kind footage) whose details carry the SHA-256' }),
  sha256: Type.String(),
  sizeBytes: Type.Number(),
  mediaType: Type.String(),
});

const AttachBody = Type.Object({
  case: Type.Optional(Type.String({ maxLength: 64, description: "the case's reference" })),
});

/** Lodging a finished resumable upload: the OB entry carries its SHA-256. */
function lodgeRoute(scope: RouteScope, platform: Platform): void {
  scope.post(
    '/stations/:station/footage',
    {
      schema: {
        tags: ['ob'],
        summary: "Lodge body-camera footage (a finished resumable upload) in the station's book",
        params: Station,
        body: LodgeBody,
        response: { 201: Lodged },
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      footageKeeper(request.actor, station);
      const lodged = await platform.blobs.batch(async (files) => {
        const checked = checkLodging(platform, request.body);
        const file = await claimUpload(platform, request.body.upload, 'upload');
        const done = await lodgeFootage(platform, request.actor, station, checked, file, 'upload');
        files.recorded();
        return done;
      });
      await footageUploadsOf(platform).release([request.body.upload!]);
      return reply.code(201).send(lodged);
    },
  );
}

/** Body-camera footage as JSON under /api/ob: lodging a finished upload, the footage's record and chain, attaching to a case. */
export const footageApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/ob',
  register(scope, platform) {
    lodgeRoute(scope, platform);

    scope.get(
      '/footage/:id',
      { schema: { tags: ['ob'], summary: "Footage's record and its chain of custody", params: Id } },
      async (request) => {
        const { footage, obNumber } = await footageFor(platform, request.actor, request.params.id, 'read');
        const chain = await custodyChain(platform, footage);
        return {
          id: footage.id,
          station: footage.station_id,
          obNumber,
          sha256: footage.sha256,
          sizeBytes: footage.size_bytes,
          mediaType: footage.media_type,
          cameraId: footage.camera_id,
          from: footage.recorded_from.toISOString(),
          to: footage.recorded_to.toISOString(),
          narrative: footage.narrative,
          chain: chain.map((s) => ({ action: s.action, at: s.at.toISOString(), by: s.by, ref: s.ref })),
        };
      },
    );

    scope.post(
      '/footage/:id/cases',
      {
        schema: {
          tags: ['ob'],
          summary: 'Attach footage to a case as evidence (its investigators may then view it)',
          params: Id,
          body: AttachBody,
        },
      },
      async (request, reply) => {
        const reference = await attachToCase(platform, request.actor, request.params.id, request.body.case);
        return reply.code(201).send({ case: reference });
      },
    );
  },
};
