import { h } from 'preact';
import { Type } from 'typebox';
import { audit } from '../../../platform/audit/index.ts';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { CaseSource } from '../../cases/index.ts';
import { keepsABook, readsABook } from '../permissions.ts';
import { custodyOf, type CustodyClock } from './clock.ts';
import { openCaseFromEntry } from './entry-cases.ts';
import { CaseEntries } from './pages/case-entries.tsx';
import { CustodyPage } from './pages/custody.tsx';
import { OpenCasePage } from './pages/open-case.tsx';
import { entriesOfCase, stationOf } from './store.ts';

const Station = Type.Object({ station: Type.String({ maxLength: 64 }) });
const CaseFormBody = formBody({
  entry: 40,
  category: 60,
  note: 8000,
  officerName: 800,
  officerServiceNumber: 160,
  back: 300,
});
const CaseFormQuery = Type.Object({
  entry: Type.Optional(Type.String({ maxLength: 40 })),
  back: Type.Optional(Type.String({ maxLength: 300 })),
  opened: Type.Optional(Type.String({ maxLength: 40 })),
});

/** Where the form may send the desk back to: a page of the Occurrence Book, never another site. */
function safeBack(back: string | undefined): string | undefined {
  return back && /^\/staff\/ob\/[A-Za-z0-9\-._~/%?=&]*$/.test(back) && !back.startsWith('//') ? back : undefined;
}

function withOpened(path: string, reference: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}opened=${encodeURIComponent(reference)}`;
}

/** The entries a case was opened from, on the case's page (whoever sees the case reads them; each read audited). */
export const entriesOnCase: CaseSource = {
  async render(platform, page, c) {
    const entries = await entriesOfCase(platform.db.pool, c.id);
    if (entries.length === 0) return null;
    for (const e of entries)
      await audit(platform.db.pool, page.actor, 'ob.entry.read', 'ob_entry', e.id, { case: c.reference });
    return h(CaseEntries, { page, entries });
  },
};

/** The station's custody list and the form opening a case from an entry, for the desk and its commander. */
export const custodyPageRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/ob',
  register(scope, platform) {
    scope.get('/custody/:station', { schema: { params: Station } }, async (request, reply) => {
      requireStaff(request, readsABook);
      const clock = await custodyOf(platform, request.actor, request.params.station);
      return reply.html(h(CustodyPage, { page: request.pageContext(), clock }));
    });

    const stationFor = async (id: string) => (await stationOf(platform.db.pool, id)) ?? notFound();

    scope.get(
      '/cases/:station/new',
      { schema: { params: Station, querystring: CaseFormQuery } },
      async (request, reply) => {
        requireStaff(request, keepsABook);
        const station = await stationFor(request.params.station);
        const { entry, back, opened } = request.query;
        const values = { entry: entry ?? '', back: safeBack(back) ?? '' };
        const notice = opened ? request.t('ob.case.opened', { reference: opened }) : undefined;
        return reply.html(h(OpenCasePage, { page: request.pageContext(), station, values, errors: {}, notice }));
      },
    );

    scope.post('/cases/:station', { schema: { params: Station, body: CaseFormBody } }, async (request, reply) => {
      requireStaff(request, keepsABook);
      const station = await stationFor(request.params.station);
      const body = request.body;
      return answerForm(request, reply, {
        async action() {
          const opened = await openCaseFromEntry(platform, request.actor, station.id, body);
          const back = safeBack(body.back) ?? `/staff/ob/cases/${encodeURIComponent(station.id)}/new`;
          return withOpened(back, opened.reference);
        },
        showAgain: (errors) =>
          h(OpenCasePage, {
            page: request.pageContext(),
            station,
            values: { ...body, back: safeBack(body.back) ?? '' } as Record<string, string>,
            errors,
          }),
      });
    });
  },
};

function notFound(): never {
  throw new NotFound();
}

function clockJson(clock: CustodyClock) {
  return {
    station: clock.station,
    now: clock.now.toISOString(),
    arrests: clock.rows.map((r) => ({
      obNumber: r.obNumber,
      names: r.names,
      arrestedAt: r.arrestedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      heldSeconds: Math.floor(r.heldMs / 1000),
      overdue: r.overdue,
      released: r.released && { obNumber: r.released.obNumber, recordedAt: r.released.recordedAt.toISOString() },
      escalation: r.escalation && { case: r.escalation.reference, at: r.escalation.at.toISOString() },
    })),
  };
}

/** The custody clock and cases from entries as JSON, for the desk's programs. */
export const custodyApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/ob',
  register(scope, platform) {
    scope.get(
      '/stations/:station/custody',
      {
        schema: {
          tags: ['ob'],
          summary: 'Arrests held at the station, their 24-hour deadline (Constitution Art. 49) and any escalation',
          params: Station,
        },
      },
      async (request) => clockJson(await custodyOf(platform, request.actor, request.params.station)),
    );

    scope.post(
      '/stations/:station/cases',
      {
        schema: {
          tags: ['ob'],
          summary: 'Open a case in the hub from an entry (routed by its category); the entry is linked to the case',
          params: Station,
          body: Type.Object({
            entry: Type.Optional(Type.String({ maxLength: 40, description: 'the OB number, e.g. OB 12/30/11/2026' })),
            category: Type.Optional(
              Type.String({ maxLength: 60, description: 'a misconduct category, e.g. bribery_extortion' }),
            ),
            note: Type.Optional(Type.String({ maxLength: 8000 })),
            officerName: Type.Optional(Type.String({ maxLength: 800 })),
            officerServiceNumber: Type.Optional(Type.String({ maxLength: 160 })),
          }),
          response: { 201: Type.Object({ case: Type.String(), obNumber: Type.String() }) },
        },
      },
      async (request, reply) => {
        const opened = await openCaseFromEntry(platform, request.actor, request.params.station, request.body);
        return reply.code(201).send({ case: opened.reference, obNumber: opened.obNumber });
      },
    );
  },
};
