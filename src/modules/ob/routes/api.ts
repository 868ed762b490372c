import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { stationDay } from '../book.ts';
import { closeDay } from '../day-close.ts';
import { formatObNumber } from '../ob-number.ts';
import { readsABook } from '../permissions.ts';
import type { EntryRow } from '../read-store.ts';
import { recordEntry, type RecordedEntry } from '../service.ts';

const Station = Type.Object({ station: Type.String({ maxLength: 64 }) });
const StationDayParams = Type.Object({ station: Type.String({ maxLength: 64 }), day: Type.String({ maxLength: 10 }) });

const Recorded = Type.Object({
  id: Type.String(),
  station: Type.String(),
  obNumber: Type.String({ description: 'as the station writes it: <n>/<DD>/<MM>/<YYYY>' }),
  recordedAt: Type.String({ format: 'date-time' }),
  slipCode: Type.String({ description: "the complainant's verification code, for /ob/verify" }),
});

const EntryBody = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'kind, occurredAt, place, narrative, persons[{role,name,idNumber,phone,age,sex}], property[{description,quantity,serial}], ' +
    'links[OB numbers], amends + amendReason; arrest: arrestedAt, arrestedBy, reason; release: releaseOf, releaseMode, releaseNote; ' +
    'booking_out/in: officers, purpose; firearm_issued/returned: firearmSerial, officers, rounds; accident: vehicles, injuries',
});

function recorded(entry: RecordedEntry) {
  return {
    id: entry.id,
    station: entry.stationId,
    obNumber: entry.obNumber,
    recordedAt: entry.recordedAt.toISOString(),
    slipCode: entry.slipCode,
  };
}

/** An entry as the API shows it to those who may read the book. */
export function entryJson(e: EntryRow) {
  return {
    id: e.id,
    obNumber: formatObNumber(e),
    kind: e.kind,
    occurredAt: e.occurred_at.toISOString(),
    recordedAt: e.recorded_at.toISOString(),
    recordedBy: { name: e.recorded_by_name, serviceNumber: e.recorded_by_service_number },
    place: e.place,
    narrative: e.narrative,
    details: e.details,
    property: e.property,
    persons: e.persons.map((p) => ({
      role: p.role,
      name: p.name,
      idNumber: p.id_number,
      phone: p.phone,
      age: p.age,
      sex: p.sex,
      erased: p.erased_at !== null,
    })),
    amends: e.amends_day && e.amends_number ? formatObNumber({ day: e.amends_day, number: e.amends_number }) : null,
    amendReason: e.amend_reason,
    amendedBy: e.amended_by.map(formatObNumber),
  };
}

/** The Occurrence Book as JSON, for the desk's programs and oversight's tools. */
export const obApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/ob',
  register(scope, platform) {
    scope.post(
      '/stations/:station/entries',
      {
        schema: {
          tags: ['ob'],
          summary: "Record an entry in the station's Occurrence Book (numbered by the server; never edited)",
          params: Station,
          body: EntryBody,
          response: { 201: Recorded },
        },
      },
      async (request, reply) => {
        const entry = await recordEntry(platform, request.actor, request.params.station, request.body);
        return reply.code(201).send(recorded(entry));
      },
    );

    scope.get(
      '/stations/:station/days/:day',
      {
        schema: {
          tags: ['ob'],
          summary: "A station's book for one day (YYYY-MM-DD, Africa/Nairobi)",
          params: StationDayParams,
        },
      },
      async (request) => {
        requireStaff(request, readsABook);
        const view = await stationDay(platform, request.actor, request.params.station, request.params.day);
        return {
          station: view.station,
          day: view.day,
          entries: view.entries.map(entryJson),
          closedBy: view.numbers.closedBy ? formatObNumber(view.numbers.closedBy) : null,
        };
      },
    );

    scope.post(
      '/stations/:station/days/:day/close',
      {
        schema: {
          tags: ['ob'],
          summary: "Close a day that has ended (the station's commander)",
          params: StationDayParams,
          response: { 201: Recorded },
        },
      },
      async (request, reply) => {
        const entry = await closeDay(platform, request.actor, request.params.station, request.params.day);
        return reply.code(201).send(recorded(entry));
      },
    );
  },
};
