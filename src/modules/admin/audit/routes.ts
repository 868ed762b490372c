import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { BadInput } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { csvFile } from '../../../platform/text/csv.ts';
import { isoInZone, localDate } from '../../../platform/time/index.ts';
import { translateProblems, type FieldErrors } from '../../../platform/web/forms.tsx';
import { auditRoles } from '../permissions.ts';
import { AuditPage, detailText } from './page.tsx';
import { auditExport, auditTrail, type AuditQuery, type AuditTrail } from './service.ts';

const AuditQuerystring = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  action: Type.Optional(Type.String({ maxLength: 200 })),
  subjectType: Type.Optional(Type.String({ maxLength: 200 })),
  subject: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ maxLength: 20 })),
  to: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 20 })),
});

function readAuditQuery(raw: Static<typeof AuditQuerystring>): AuditQuery {
  const page = Number.parseInt(raw.page ?? '1', 10);
  const { actor, action, subjectType, subject, from, to } = raw;
  return { actor, action, subjectType, subject, from, to, page: Number.isFinite(page) && page > 0 ? page : 1 };
}

/** The trail, or (for a query it refuses: a bad date, an unknown case) the form again with the error. */
async function readTrail(
  platform: Platform,
  request: FastifyRequest,
  query: AuditQuery,
): Promise<{ trail: AuditTrail; errors: FieldErrors }> {
  try {
    return { trail: await auditTrail(platform, request.actor, query), errors: {} };
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    return { trail: { rows: [], total: 0, needsCase: false }, errors: translateProblems(request.t, error.problems) };
  }
}

/** The audit trail for the IG's office and, a case at a time, the oversight liaison; as a page or a CSV file. */
export const auditRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/audit',
  register(scope, platform) {
    scope.get('', { schema: { querystring: AuditQuerystring } }, async (request, reply) => {
      const who = requireStaff(request, auditRoles);
      const query = readAuditQuery(request.query);
      const { trail, errors } = await readTrail(platform, request, query);
      const liaison = who.role === 'oversight_liaison';
      const status = Object.keys(errors).length > 0 ? 400 : 200;
      return reply.html(h(AuditPage, { page: request.pageContext(), query, trail, liaison, errors }), status);
    });
    scope.get('/export.csv', { schema: { querystring: AuditQuerystring } }, async (request, reply) => {
      requireStaff(request, auditRoles);
      const { rows } = await auditExport(platform, request.actor, readAuditQuery(request.query));
      const zone = platform.config.jurisdiction.timeZone;
      const t = request.t;
      const csv = csvFile(
        ['at', 'actor', 'action', 'subjectType', 'subject', 'detail'].map((c) => t(`audit.csv.${c}`)),
        rows.map((r) => [
          isoInZone(r.at, zone),
          r.actor_label,
          r.action,
          r.subject_type,
          r.subject_id,
          detailText(r.detail),
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="sauti-audit-${localDate(platform.clock.now(), zone)}.csv"`,
        )
        .header('cache-control', 'no-store')
        .send(csv);
    });
  },
};
