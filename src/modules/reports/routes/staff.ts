import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { sendStoredFile, showStoredFile, startsFile } from '../../../platform/http/files.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { CaseSource } from '../../cases/index.ts';
import { CaseReport } from '../pages/case-report.tsx';
import * as reports from '../service.ts';

/** The report on its case page. */
export const reportOnCase: CaseSource = {
  async render(given, page, c) {
    const found = await reports.reportOfCase(given, c.id);
    return found ? h(CaseReport, { page, ...found }) : null;
  },
};

/** An evidence file, for staff who may see its case: downloaded, or (a photo, a recording, a video) shown in the case page. */
export const staffRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff',
  register(scope, platform) {
    scope.get(
      '/evidence/:id',
      {
        schema: {
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          querystring: Type.Object({ original: Type.Optional(Type.String({ maxLength: 5 })) }),
        },
      },
      async (request, reply) => {
        const actor = requireStaff(request);
        // an anonymous report's photo is given without its metadata unless the file as received is asked for
        const original = request.query.original === '1';
        const evidence = await reports.evidenceForStaff(
          platform,
          actor,
          request.params.id,
          original ? 'download_original' : 'download',
        );
        const sha256 = original ? evidence.sha256 : (evidence.shown_sha256 ?? evidence.sha256);
        return sendStoredFile(reply, platform.blobs, {
          sha256,
          mediaType: evidence.media_type,
          name: `evidence-${evidence.id}-${sha256.slice(0, 12)}${original ? '-original' : ''}`,
        });
      },
    );
    scope.get(
      '/evidence/:id/view',
      { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
      async (request, reply) => {
        const actor = requireStaff(request);
        const use = startsFile(request) ? 'view' : 'view-continued';
        const evidence = await reports.evidenceForStaff(platform, actor, request.params.id, use);
        const sha256 = evidence.shown_sha256 ?? evidence.sha256;
        return showStoredFile(request, reply, platform.blobs, {
          sha256,
          mediaType: evidence.media_type,
          size: sha256 === evidence.sha256 ? Number(evidence.size_bytes) : await platform.blobs.size(sha256),
        });
      },
    );
  },
};
