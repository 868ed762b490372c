import { Type, type TSchema } from 'typebox';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { completeP3, facilityQueue, readP3, sendP3, type P3Form, type P3View } from './service.ts';

const tags = ['documents'];
const Id = Type.Object({ id: Type.String({ maxLength: 20 }) });
const date = Type.String({ format: 'date-time' });
const maybe = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const p3Properties = {
  id: Type.String(),
  number: Type.String(),
  obNumber: Type.String(),
  station: Type.String(),
  examinedPerson: Type.String(),
  issuedAt: date,
  revoked: Type.Boolean(),
  facility: maybe(Type.Object({ id: Type.String(), name: Type.String() })),
  sentAt: maybe(date),
  completedAt: maybe(date),
};
const P3Json = Type.Object(p3Properties);

const FindingsJson = Type.Object({
  examinedAt: date,
  examinerName: Type.String(),
  examinerRegistration: Type.String(),
  injuries: Type.String(),
  weapon: Type.String(),
  injuryAge: maybe(Type.String()),
  degree: Type.Union([Type.Literal('harm'), Type.Literal('grievous_harm'), Type.Literal('maim')]),
  treatment: Type.String(),
  remarks: maybe(Type.String()),
  completedAt: date,
  completedBy: Type.String(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function p3Json(v: P3View) {
  return {
    id: v.id,
    number: v.number,
    obNumber: v.obNumber,
    station: v.station.id,
    examinedPerson: v.examinedPerson,
    issuedAt: v.issuedAt.toISOString(),
    revoked: v.revoked,
    facility: v.facility,
    sentAt: iso(v.sentAt),
    completedAt: iso(v.completedAt),
  };
}

function fullJson(form: P3Form) {
  const f = form.findings;
  return {
    ...p3Json(form),
    findings: f && { ...f, examinedAt: f.examinedAt.toISOString(), completedAt: f.completedAt.toISOString() },
  };
}

const PartTwoJson = Type.Object({
  examinedAt: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 with an offset, or local time' })),
  examinerName: Type.Optional(Type.String({ maxLength: 400 })),
  examinerRegistration: Type.Optional(Type.String({ maxLength: 100 })),
  injuries: Type.Optional(Type.String({ maxLength: 16000 })),
  weapon: Type.Optional(Type.String({ maxLength: 4000 })),
  injuryAge: Type.Optional(Type.String({ maxLength: 400 })),
  degree: Type.Optional(Type.String({ maxLength: 40, description: 'harm, grievous_harm or maim' })),
  treatment: Type.Optional(Type.String({ maxLength: 8000 })),
  remarks: Type.Optional(Type.String({ maxLength: 8000 })),
});

/** P3 forms for programs: a facility's queue, one form (Part II audited), sending and completing. */
export const p3ApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/documents/p3',
  register(scope, platform) {
    scope.get(
      '',
      {
        schema: {
          tags,
          summary: "The P3 forms sent to the medical officer's facility (medical officers only)",
          response: { 200: Type.Object({ facility: Type.String(), forms: Type.Array(P3Json) }) },
        },
      },
      async (request) => {
        const { facility, forms } = await facilityQueue(platform, request.actor);
        return { facility: facility.id, forms: forms.map(p3Json) };
      },
    );

    scope.get(
      '/:id',
      {
        schema: {
          tags,
          summary: 'A P3 form with Part II once completed, for those on its path (every read of Part II is audited)',
          params: Id,
          response: { 200: Type.Object({ ...p3Properties, findings: maybe(FindingsJson) }) },
        },
      },
      async (request) => fullJson(await readP3(platform, request.actor, request.params.id)),
    );

    scope.post(
      '/:id/facility',
      {
        schema: {
          tags,
          summary: "Send the station's P3 form to the health facility where the person is examined (once)",
          params: Id,
          body: Type.Object({ facility: Type.String({ maxLength: 100 }) }),
          response: { 201: P3Json },
        },
      },
      async (request, reply) =>
        reply.code(201).send(p3Json(await sendP3(platform, request.actor, request.params.id, request.body.facility))),
    );

    scope.post(
      '/:id/part2',
      {
        schema: {
          tags,
          summary: 'Complete Part II (a medical officer of the facility it was sent to; once)',
          params: Id,
          body: PartTwoJson,
        },
      },
      async (request, reply) => {
        await completeP3(platform, request.actor, request.params.id, request.body);
        return reply.code(204).send();
      },
    );
  },
};
