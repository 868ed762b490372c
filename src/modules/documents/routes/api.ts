import { Type } from 'typebox';
import { codeLookup, LOOKUP_NOTE } from '../../../platform/http/code-lookups.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import { documentKinds } from '../kinds.ts';
import { trustList } from '../keys.ts';
import { logTrust } from '../../ob/index.ts';
import {
  followRequest,
  issueDocument,
  refuseRequest,
  requestDocument,
  stationRequests,
  type RequestView,
} from '../service.ts';

const tags = ['documents'];

const Kind = Type.Union([Type.Literal('abstract_general'), Type.Literal('abstract_traffic'), Type.Literal('p3')]);
const Language = Type.Union([Type.Literal('en'), Type.Literal('sw')]);
const RequestBody = Type.Object({
  station: Type.String({ maxLength: 64 }),
  ob: Type.String({ maxLength: 40 }),
  code: Type.String({ maxLength: 40, description: "the slip's verification code" }),
  kind: Type.String({ maxLength: 40, description: documentKinds.join(', ') }),
  language: Type.Optional(Language),
  phone: Type.Optional(Type.String({ maxLength: 20, description: 'a Kenyan mobile number for one SMS when settled' })),
});
const RequestStatus = Type.Object({
  kind: Kind,
  station: Type.String(),
  obNumber: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  status: Type.Union([Type.Literal('waiting'), Type.Literal('issued'), Type.Literal('refused')]),
  overdue: Type.Boolean(),
  refusedReason: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
});

const statusJson = (v: RequestView) => ({
  kind: v.kind,
  station: v.station.id,
  obNumber: v.obNumber,
  requestedAt: v.requestedAt.toISOString(),
  dueAt: v.dueAt.toISOString(),
  status: v.status,
  overdue: v.overdue,
  refusedReason: v.refusedReason,
  documentNumber: v.documentNumber,
});

/** Requests made and followed by the complainant: no account, the slip's code is the key. */
export const documentRequestApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/documents/requests',
  register(scope, platform) {
    scope.post(
      '/',
      {
        // no session gives this request anything: the slip's code is the whole key, guessed as on /ob/verify
        ...codeLookup(platform, 'ob.slip', {
          reference: { from: 'body', fields: ['station', 'ob'] },
          config: { csrf: false as const },
        }),
        schema: {
          tags,
          summary: 'Ask for a free police abstract or P3 form with the OB slip (station, OB number, slip code)',
          description: LOOKUP_NOTE,
          body: RequestBody,
          response: { 201: Type.Object({ code: Type.String(), dueAt: Type.String({ format: 'date-time' }) }) },
        },
      },
      async (request, reply) => {
        const made = await requestDocument(platform, request.body);
        return reply.code(201).send({ code: made.code, dueAt: made.dueAt.toISOString() });
      },
    );

    scope.get(
      '/:code',
      {
        ...codeLookup(platform, 'documents.request'),
        schema: {
          tags,
          summary: "A request's progress, by the code given when it was made",
          description: LOOKUP_NOTE,
          params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
          response: { 200: RequestStatus },
        },
      },
      async (request) => {
        const view = await followRequest(platform, request.params.code);
        if (!view) throw new NotFound();
        return statusJson(view);
      },
    );
  },
};

const StationParams = Type.Object({ station: Type.String({ maxLength: 64 }) });

/** The station desk's side: its requests, issuing and refusing. */
export const documentDeskApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/documents',
  register(scope, platform) {
    scope.get(
      '/stations/:station/requests',
      {
        schema: {
          tags,
          summary: "A station's document requests (its desk officers and commander)",
          params: StationParams,
        },
      },
      async (request) => {
        const list = await stationRequests(platform, request.actor, request.params.station);
        return { requests: list.map((r) => ({ id: r.id, ...statusJson(r), caseReference: r.caseReference })) };
      },
    );

    scope.post(
      '/stations/:station/documents',
      {
        schema: {
          tags,
          summary: 'Issue a document from an entry of the station’s book, or in answer to a request',
          params: StationParams,
          body: Type.Object({
            kind: Type.Optional(Type.String({ maxLength: 40 })),
            ob: Type.Optional(Type.String({ maxLength: 40 })),
            language: Type.Optional(Language),
            request: Type.Optional(Type.String({ maxLength: 20 })),
          }),
        },
      },
      async (request, reply) => {
        const issued = await issueDocument(platform, request.actor, request.params.station, request.body);
        return reply.code(201).send({ ...issued, issuedAt: issued.issuedAt.toISOString() });
      },
    );

    scope.post(
      '/requests/:id/refusal',
      {
        schema: {
          tags,
          summary: 'Refuse a request, with the reason its requester will read',
          params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
          body: Type.Object({ reason: Type.String({ maxLength: 4000 }) }),
        },
      },
      async (request, reply) => {
        await refuseRequest(platform, request.actor, request.params.id, request.body.reason);
        return reply.code(204).send();
      },
    );
  },
};

/** The documents' trust list: every signing key with its period, for offline verifiers to cache. */
export const documentKeyRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/documents',
  register(scope, platform) {
    scope.get(
      '/keys',
      {
        schema: {
          tags,
          summary: "The keys documents' QR codes are signed with (Ed25519), each with the period it signed in",
          response: {
            200: Type.Object({
              keys: Type.Array(
                Type.Object({
                  kid: Type.String({ description: '16 hex digits: the first 8 bytes of SHA-256 of the public key' }),
                  publicKey: Type.String({ description: 'the raw 32-byte Ed25519 public key, base64url' }),
                  from: Type.String({ format: 'date-time' }),
                  until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                }),
              ),
              log: Type.Object(
                {
                  key: Type.String({ description: "the national log's verifier key (as /ob/log/key)" }),
                  witnesses: Type.Array(Type.String(), {
                    description: "the cosignature verifier keys of the witnesses the log's checkpoints go to",
                  }),
                },
                { description: "what checks the log's evidence that a document's OB entry is in the national log" },
              ),
            }),
          },
        },
      },
      async (_request, reply) => {
        const trust = await logTrust(platform);
        const log = { key: trust.log, witnesses: [...trust.witnesses] };
        const keys = (await trustList(platform)).map((k) => ({
          kid: k.kid,
          publicKey: Buffer.from(k.publicKey).toString('base64url'),
          from: new Date(k.from * 1000).toISOString(),
          until: k.until === undefined ? null : new Date(k.until * 1000).toISOString(),
        }));
        return reply.header('cache-control', 'public, max-age=300').send({ keys, log });
      },
    );
  },
};
