import { Type } from 'typebox';
import { LOOKUP_NOTE } from '../../../platform/http/code-lookups.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { checkNotice, issueNotice, noticeByLink } from '../service.ts';
import { noticeJson } from '../view.ts';
import { noticeLookup } from './notice-lookup.ts';

const tags = ['fines'];

const Offence = Type.Object({
  code: Type.String({ maxLength: 20, description: 'the offence code in the schedule (GET /api/fines/schedule)' }),
  quantity: Type.Optional(Type.Integer({ description: 'for offences fined per item (seats): how many' })),
});

/** The traffic officer's side: issuing a notice (amounts from the schedule, never typed). */
export const fineOfficerApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/fines',
  register(scope, platform) {
    scope.post(
      '/notices',
      {
        schema: {
          tags,
          summary: 'Issue a notice: offences from the schedule in force on the offence date (or one for court)',
          body: Type.Object({
            offences: Type.Optional(Type.Array(Offence, { maxItems: 20 })),
            courtOffence: Type.Optional(
              Type.String({
                maxLength: 2000,
                description: 'an offence outside the schedule: a notice to attend court',
              }),
            ),
            registration: Type.String({ maxLength: 20 }),
            driverName: Type.String({ maxLength: 400 }),
            licenceNumber: Type.Optional(Type.String({ maxLength: 80 })),
            driverPhone: Type.Optional(Type.String({ maxLength: 30 })),
            place: Type.String({ maxLength: 600 }),
            county: Type.String({ maxLength: 3, description: 'the county code, e.g. 001 (Mombasa)' }),
            offenceAt: Type.String({
              maxLength: 40,
              description: 'ISO 8601 with an offset, or local YYYY-MM-DDTHH:MM',
            }),
            language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('sw')])),
          }),
        },
      },
      async (request, reply) => {
        const issued = await issueNotice(platform, request.actor, request.body);
        return reply.code(201).send({ ...issued, dueAt: issued.dueAt.toISOString() });
      },
    );
  },
};

/** The motorist's side and anyone's check. */
export const finePublicApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/fines',
  register(scope, platform) {
    scope.get(
      '/notices/:number/:token',
      {
        ...noticeLookup(platform, 'params'),
        schema: {
          tags,
          summary: "A notice, by the link its motorist was given (the link's last part is its key)",
          params: Type.Object({ number: Type.String({ maxLength: 20 }), token: Type.String({ maxLength: 64 }) }),
        },
      },
      async (request) => noticeJson(await noticeByLink(platform, request.params.number, request.params.token)),
    );

    scope.get(
      '/verify',
      {
        ...noticeLookup(platform, 'query'),
        schema: {
          tags,
          summary: 'Is a notice genuine? By its number and the vehicle’s number plate; where it is paid',
          description:
            'A number with a wrong check digit is a 400. A number never issued and a plate that is not the ' +
            "notice's answer alike (404). " +
            LOOKUP_NOTE,
          querystring: Type.Object({
            number: Type.String({ maxLength: 30 }),
            registration: Type.String({ maxLength: 20 }),
          }),
        },
      },
      async (request) => {
        const check = await checkNotice(platform, request.query);
        if (!check) throw new NotFound();
        return { genuine: true, ...check, dueAt: check.dueAt.toISOString(), issuedAt: check.issuedAt.toISOString() };
      },
    );
  },
};
