import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { BadInput, NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin, RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { isLocalDate, localDate, localTime } from '../../../platform/time/index.ts';
import { answerForm, formBody } from '../../../platform/web/form-action.ts';
import type { FieldErrors } from '../../../platform/web/forms.tsx';
import { stationDay, today } from '../book.ts';
import { closeDay } from '../day-close.ts';
import { parseObNumber } from '../ob-number.ts';
import { commands, keepsABook, keepsBookOf, readsABook } from '../permissions.ts';
import { stationExists } from '../read-store.ts';
import { deskOfficer, recordEntry } from '../service.ts';
import { BookPage } from '../pages/book.tsx';
import { obNumbersOf } from '../pages/book-store.ts';
import { asFormProblems, deskBody, deskFormFields } from '../pages/desk-fields.ts';
import { DeskFormPage } from '../pages/desk-form.tsx';
import { namedIds } from '../pages/entry-view.tsx';
import { bookHref, obLabel, slipHref } from '../pages/labels.ts';
import { StationPickerPage } from '../pages/picker.tsx';
import { PrintPage } from '../pages/print.tsx';
import { stationNames } from '../slip/store.ts';

// The station's book as pages: the day (with the custody clock and the commander's close), its
// print view, and the desk form. The walls and the audit of outside reads are the service's.

const Station = Type.Object({ station: Type.String({ maxLength: 64 }) });
const StationDay = Type.Object({ station: Type.String({ maxLength: 64 }), day: Type.String({ maxLength: 10 }) });
const Pick = Type.Object({
  station: Type.Optional(Type.String({ maxLength: 64 })),
  day: Type.Optional(Type.String({ maxLength: 10 })),
});
const Done = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const NewEntry = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  amends: Type.Optional(Type.String({ maxLength: 40 })),
  releaseOf: Type.Optional(Type.String({ maxLength: 40 })),
});
const DeskForm = formBody(deskFormFields());

async function station(platform: Platform, id: string) {
  const found = await stationExists(platform.db.pool, id);
  if (!found) throw new NotFound();
  return found;
}

/** The day's book page (with the close form's errors, when it was refused). */
async function bookPage(platform: Platform, request: FastifyRequest, params: { station: string; day: string }) {
  const who = requireStaff(request, readsABook);
  const view = await stationDay(platform, request.actor, params.station, params.day);
  const numbers = await obNumbersOf(platform.db.pool, namedIds(view.entries));
  return (errors: FieldErrors = {}, notice?: string) =>
    h(BookPage, {
      page: request.pageContext(),
      view,
      numbers,
      now: platform.clock.now(),
      keeper: keepsBookOf(who, params.station),
      commander: commands(who, params.station),
      errors,
      notice,
    });
}

function bookRoutes(scope: RouteScope, platform: Platform): void {
  scope.get('', { schema: { querystring: Pick } }, async (request, reply) => {
    const who = requireStaff(request, readsABook);
    const { station: chosen, day } = request.query;
    const at = day && isLocalDate(day) ? day : today(platform);
    if (chosen) return reply.redirect(bookHref(chosen, at), 303);
    if (keepsABook(who) && who.stationId) return reply.redirect(bookHref(who.stationId, at), 303);
    const stations = await stationNames(platform.db.pool);
    return reply.html(h(StationPickerPage, { page: request.pageContext(), stations }));
  });

  scope.get('/:station/:day', { schema: { params: StationDay, querystring: Done } }, async (request, reply) => {
    const render = await bookPage(platform, request, request.params);
    const notice = request.query.done === 'closed' ? request.t('ob.close.done') : undefined;
    return reply.html(render({}, notice));
  });

  scope.get('/:station/:day/print', { schema: { params: StationDay } }, async (request, reply) => {
    requireStaff(request, readsABook);
    const view = await stationDay(platform, request.actor, request.params.station, request.params.day);
    const numbers = await obNumbersOf(platform.db.pool, namedIds(view.entries));
    const now = platform.clock.now();
    return reply.html(h(PrintPage, { page: request.pageContext(), view, numbers, now }));
  });

  scope.post('/:station/:day/close', { schema: { params: StationDay, body: formBody({}) } }, async (request, reply) => {
    const { station: id, day } = request.params;
    return answerForm(request, reply, {
      action: async () => (await closeDay(platform, request.actor, id, day), `${bookHref(id, day)}?done=closed#day`),
      showAgain: async (errors) => (await bookPage(platform, request, request.params))(errors),
    });
  });
}

/** What the desk form starts with: now for the times, and what the link that opened it names. */
function deskDefaults(platform: Platform, query: { kind?: string; amends?: string; releaseOf?: string }) {
  const zone = platform.config.jurisdiction.timeZone;
  const now = platform.clock.now();
  const nowLocal = `${localDate(now, zone)}T${localTime(now, zone)}`;
  const values: Record<string, string> = { occurredAt: nowLocal, 'arrest.arrestedAt': nowLocal };
  if (query.kind) values.kind = query.kind;
  const amends = query.amends ? parseObNumber(query.amends) : undefined;
  if (amends) values.amends = obLabel(amends);
  const releaseOf = query.releaseOf ? parseObNumber(query.releaseOf) : undefined;
  if (releaseOf) values['release.releaseOf'] = obLabel(releaseOf);
  return values;
}

/** The desk form, for whoever keeps this station's book. */
async function deskForm(
  platform: Platform,
  request: FastifyRequest,
  id: string,
  values: Record<string, string>,
  errors: FieldErrors,
) {
  deskOfficer(request.actor, id);
  return h(DeskFormPage, {
    page: request.pageContext(),
    station: await station(platform, id),
    today: today(platform),
    values,
    errors,
  });
}

function deskRoutes(scope: RouteScope, platform: Platform): void {
  scope.get('/:station/new', { schema: { params: Station, querystring: NewEntry } }, async (request, reply) => {
    requireStaff(request);
    const values = deskDefaults(platform, request.query);
    return reply.html(await deskForm(platform, request, request.params.station, values, {}));
  });

  scope.post('/:station/entries', { schema: { params: Station, body: DeskForm } }, async (request, reply) => {
    requireStaff(request);
    const id = request.params.station;
    const form = request.body as Record<string, string | undefined>;
    const { body, rows } = deskBody(form);
    const values = Object.fromEntries(
      Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf'),
    );
    return answerForm(request, reply, {
      async action() {
        try {
          const entry = await recordEntry(platform, request.actor, id, body);
          return `${slipHref(id, entry)}?done=recorded`;
        } catch (error) {
          if (error instanceof BadInput) throw asFormProblems(error, form.kind ?? '', rows);
          throw error;
        }
      },
      showAgain: (errors) => deskForm(platform, request, id, values, errors),
    });
  });
}

/** The station's book for staff, under /staff/ob. */
export const obPageRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/ob',
  register(scope, platform) {
    bookRoutes(scope, platform);
    deskRoutes(scope, platform);
  },
};
