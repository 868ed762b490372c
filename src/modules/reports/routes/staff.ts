import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { sendStoredFile } from '../../../platform/http/files.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { registerCaseSource } from '../../cases/index.ts';
import { CaseReport } from '../pages/case-report.tsx';
import * as reports from '../service.ts';

/** An evidence file, for staff who may see its case; and the report on its case page. */
export const staffRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff',
  register(scope, platform) {
    // The registry is shared by every app in the process, so the source uses only what it is given.
    registerCaseSource('report', {
      async render(given, page, c) {
        const found = await reports.reportOfCase(given, c.id);
        return found ? h(CaseReport, { page, ...found }) : null;
      },
    });

    scope.get(
      '/evidence/:id',
      { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
      async (request, reply) => {
        const actor = requireStaff(request);
        const evidence = await reports.evidenceForStaff(platform, actor, request.params.id);
        return sendStoredFile(reply, platform.blobs, {
          sha256: evidence.sha256,
          mediaType: evidence.media_type,
          name: `evidence-${evidence.id}-${evidence.sha256.slice(0, 12)}`,
        });
      },
    );
  },
};
