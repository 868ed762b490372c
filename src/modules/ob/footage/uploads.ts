import type { AnyJobDefinition } from '../../../platform/jobs/index.ts';
import { requireStaff } from '../../../platform/auth/require-staff.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { ResumableUploads } from '../../reports/index.ts';
import { keepsABook } from '../permissions.ts';
import { footageSettings } from './settings.ts';

/** Footage's own resumable (tus) endpoint: only staff who keep a station's book may send to it. */
export const FOOTAGE_UPLOADS_PATH = '/api/ob/uploads';

const instances = new WeakMap<Platform, ResumableUploads>();

/**
 * The footage uploads: tus as for a report's evidence, but for officers and commanders posted at a
 * station only (a 401 or 403 before anything is begun), up to OB_FOOTAGE_MAX_BYTES, in their own
 * holding area, so neither endpoint reaches the other's uploads.
 */
export function footageUploadsOf(platform: Platform): ResumableUploads {
  let uploads = instances.get(platform);
  if (!uploads) {
    uploads = new ResumableUploads(platform, {
      path: FOOTAGE_UPLOADS_PATH,
      directory: 'ob-footage-uploads',
      maxBytes: platform.config.settings.of(footageSettings).maxBytes,
      access: (request) => void requireStaff(request.actor, keepsABook),
    });
    instances.set(platform, uploads);
  }
  return uploads;
}

export const footageUploadRoutes: RoutePlugin = {
  area: 'api',
  prefix: FOOTAGE_UPLOADS_PATH,
  register(scope, platform) {
    footageUploadsOf(platform).register(scope);
  },
};

/** Every minute: footage uploads left idle, or finished and never lodged, are removed. */
export function footageUploadsSweepJob(platform: Platform): AnyJobDefinition {
  return {
    queue: 'ob.footage-uploads-sweep',
    every: '* * * * *',
    run: async () => void (await footageUploadsOf(platform).removeExpired()),
  };
}
