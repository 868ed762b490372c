/**
 * The routes whose handler is someone else's protocol (tus uploads, the SMS callback, /metrics, the
 * staff event stream), hidden from the schema machinery and described here for the OpenAPI document.
 */
export type Json = Record<string, unknown>;
export type Operation = Json & {
  responses: Record<string, Json>;
  security?: Array<Record<string, string[]>>;
  tags?: string[];
};
export type OpenApi = Json & { paths: Record<string, Record<string, Operation>>; components?: Json };

export const ERROR = { $ref: '#/components/schemas/Error' };
export const errorBody = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: ERROR } },
});
const htmlPage = (description: string): Json => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const header = (name: string, description: string, schema: Json = { type: 'string' }, required = false): Json => ({
  name,
  in: 'header',
  description,
  required,
  schema,
});
const responseHeaders = (headers: Record<string, string>): Json =>
  Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
const uploadId = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The upload id, from the Location of the creation answer',
  schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
};
const tusResumable = header('Tus-Resumable', 'The tus protocol version', { type: 'string', enum: ['1.0.0'] }, true);
const tooMany = errorBody('Too many uploads from this address; Retry-After says when to try again');

/** A tus 1.0 endpoint: who it is for, where it is, and what it holds. */
interface TusEndpoint {
  base: string;
  tag: string;
  /** What is uploaded, e.g. 'evidence' */
  what: string;
  /** How a finished upload is used and kept. */
  description: string;
  /** The setting that caps a file. */
  maxSetting: string;
  /** Staff only: a session is needed (401 without one, 403 for staff not let in). */
  staffOnly?: boolean;
}

type TusOperation = { method: string; url: string; path: string; operation: Operation };
type Op = (method: string, id: boolean, operation: Json & { responses: Record<string, Json> }) => TusOperation;

/** How one tus endpoint's operations are written: its paths, tag, security and refusals. */
function tusOp(e: TusEndpoint): Op {
  const refused = e.staffOnly
    ? { 401: errorBody('Not signed in as staff'), 403: errorBody('Signed in, but not let in') }
    : {};
  const common = { tags: [e.tag], ...(e.staffOnly ? { security: [{ staffSession: [] }] } : {}) };
  return (method, id, operation) => ({
    method,
    url: id ? `${e.base}/:id` : e.base,
    path: id ? `${e.base}/{id}` : e.base,
    operation: {
      ...common,
      ...operation,
      responses: { ...operation.responses, ...refused } as Record<string, Json>,
    } as Operation,
  });
}

/** Creating an upload, and what the server supports. */
function tusCreation(e: TusEndpoint, op: Op): TusOperation[] {
  return [
    op('OPTIONS', false, {
      summary: `Resumable ${e.what} uploads (tus 1.0): what the server supports`,
      responses: {
        204: {
          description: 'Supported',
          headers: responseHeaders({
            'Tus-Version': '1.0.0',
            'Tus-Extension': 'creation, creation-with-upload, termination and the others supported',
            'Tus-Max-Size': `The largest file, in bytes (${e.maxSetting})`,
          }),
        },
      },
    }),
    op('POST', false, {
      summary: `Begin a resumable ${e.what} upload (tus 1.0 creation)`,
      description:
        e.description +
        'An unfinished upload that receives nothing for UPLOAD_IDLE_MINUTES is removed. Uploads are never served back. ' +
        'One address may begin RATE_LIMIT_UPLOADS uploads per 10 minutes and hold RATE_LIMIT_OPEN_UPLOADS unfinished at once.',
      parameters: [
        tusResumable,
        header('Upload-Length', 'The size of the whole file in bytes', { type: 'integer', minimum: 0 }),
        header('Upload-Defer-Length', '1 when the size is not known yet', { type: 'integer', enum: [1] }),
        header('Upload-Metadata', 'Comma-separated `key base64value` pairs, e.g. filename and filetype'),
      ],
      responses: {
        201: {
          description: 'Created',
          headers: responseHeaders({
            Location: `Where to send the bytes: ${e.base}/{id}`,
            'Tus-Resumable': '1.0.0',
          }),
        },
        400: { description: 'Upload-Length or Upload-Metadata missing or malformed' },
        412: { description: 'Tus-Resumable missing or a version not supported' },
        413: { description: `Larger than ${e.maxSetting}` },
        429: tooMany,
      },
    }),
  ];
}

/** Where an upload stands and sending its bytes. */
function tusProgress(op: Op): TusOperation[] {
  return [
    op('OPTIONS', true, {
      summary: 'tus 1.0: what the server supports',
      parameters: [uploadId],
      responses: { 204: { description: 'Supported' } },
    }),
    op('HEAD', true, {
      summary: 'How much of an upload has arrived (tus 1.0), to resume from there',
      parameters: [uploadId, tusResumable],
      responses: {
        200: {
          description: 'The upload',
          headers: responseHeaders({
            'Upload-Offset': 'Bytes received so far',
            'Upload-Length': 'The size of the whole file',
            'Cache-Control': 'no-store',
          }),
        },
        404: { description: 'No such upload (or it was removed)' },
        410: { description: 'The upload expired' },
      },
    }),
    op('PATCH', true, {
      summary: 'Send the next bytes of an upload (tus 1.0)',
      parameters: [
        uploadId,
        tusResumable,
        header(
          'Upload-Offset',
          'Where these bytes begin: the Upload-Offset the last HEAD or PATCH answered',
          { type: 'integer', minimum: 0 },
          true,
        ),
      ],
      requestBody: {
        required: true,
        content: { 'application/offset+octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: {
        204: { description: 'Stored', headers: responseHeaders({ 'Upload-Offset': 'Bytes received so far' }) },
        404: { description: 'No such upload' },
        409: { description: 'Upload-Offset is not where the upload stands: ask with HEAD and resume from there' },
        410: { description: 'The upload expired' },
        412: {
          description: 'Tus-Resumable missing or a version not supported (Tus-Version lists the versions that are)',
        },
        413: { description: 'More bytes than the upload declared' },
        415: { description: 'Content-Type is not application/offset+octet-stream' },
        429: tooMany,
      },
    }),
  ];
}

/** Giving up an upload, and the method override for clients without PATCH or DELETE. */
function tusEnding(op: Op): TusOperation[] {
  return [
    op('DELETE', true, {
      summary: 'Give up an upload (tus 1.0 termination)',
      parameters: [uploadId, tusResumable],
      responses: { 204: { description: 'Removed' }, 404: { description: 'No such upload' } },
    }),
    op('POST', true, {
      summary:
        'PATCH or DELETE an upload by POST, for clients that cannot send those methods (tus 1.0 X-HTTP-Method-Override)',
      description:
        'Answers exactly as the method named in X-HTTP-Method-Override would (PATCH or DELETE); without it, 404.',
      parameters: [
        uploadId,
        tusResumable,
        header(
          'X-HTTP-Method-Override',
          'The method this request stands for',
          { type: 'string', enum: ['PATCH', 'DELETE'] },
          true,
        ),
      ],
      responses: {
        204: {
          description: 'Stored (PATCH) or removed (DELETE)',
          headers: responseHeaders({ 'Upload-Offset': 'Bytes received so far (PATCH)' }),
        },
        404: { description: 'No such upload, or no method to stand for' },
        409: { description: 'Upload-Offset is not where the upload stands' },
        412: { description: 'Tus-Resumable missing or a version not supported' },
        415: { description: 'PATCH: Content-Type is not application/offset+octet-stream' },
        429: tooMany,
      },
    }),
  ];
}

/** The operations of one tus endpoint (creation, offsets, bytes, termination, method override). */
function tusOperations(e: TusEndpoint): TusOperation[] {
  const op = tusOp(e);
  return [...tusCreation(e, op), ...tusProgress(op), ...tusEnding(op)];
}

/** Routes hidden from the schema machinery, described here: `route` is Fastify's method and url, checked to exist. */
export const hiddenRoutes: Array<{ method: string; url: string; path: string; operation: Operation }> = [
  ...tusOperations({
    base: '/api/uploads',
    tag: 'reports',
    what: 'evidence',
    description:
      'Evidence (photo, video, audio, PDF) for a report, sent in pieces that survive a broken connection; see https://tus.io/protocols/resumable-upload. ' +
      'A finished upload is only held: the report claims it by sending its id in the `upload` field, and it is removed if no report does within a day. ',
    maxSetting: 'EVIDENCE_MAX_BYTES',
  }),
  ...tusOperations({
    base: '/api/ob/uploads',
    tag: 'ob',
    what: 'body-camera footage',
    description:
      'Body-camera footage for the Occurrence Book, from officers and commanders posted at a station, sent in pieces that survive a broken connection; see https://tus.io/protocols/resumable-upload. ' +
      'A finished upload is only held: lodging it (POST /api/ob/stations/{station}/footage with its id) records it as an OB entry; it is removed if nobody lodges it within a day. ',
    maxSetting: 'OB_FOOTAGE_MAX_BYTES',
    staffOnly: true,
  }),
  {
    method: 'POST',
    url: '/channels/sms/engage',
    path: '/channels/sms/engage',
    operation: {
      tags: ['engage'],
      summary: "#EngageTheIG questions by SMS: the Africa's Talking incoming-message callback",
      description:
        "Africa's Talking posts each incoming SMS here. The question goes to the session taking questions now. Every message handled answers 200 with what became of it " +
        '(so a message refused on purpose is never retried); the message id makes a retried callback harmless. The answer never repeats the number or the text.',
      security: [{ smsCallbackToken: [] }],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: {
              type: 'object',
              required: ['from', 'id'],
              properties: {
                from: { type: 'string', description: 'The sender, e.g. +254712345678' },
                to: { type: 'string', description: 'The short code' },
                text: { type: 'string', description: 'The question' },
                id: { type: 'string', description: "Africa's Talking's message id" },
                date: { type: 'string' },
                linkId: { type: 'string' },
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'Handled',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  outcome: {
                    type: 'string',
                    enum: ['stored', 'duplicate', 'no_session', 'empty', 'too_long', 'banned', 'too_many'],
                  },
                  question: { type: 'string', nullable: true },
                  session: { type: 'string', nullable: true },
                  language: { type: 'string', enum: ['en', 'sw'] },
                  reply: { type: 'string', description: 'The text for the sender, in their language' },
                },
              },
            },
          },
        },
        400: errorBody('from or id missing or malformed'),
        403: errorBody('The token is missing or wrong'),
        404: errorBody('The SMS channel is off (no ENGAGE_SMS_TOKEN)'),
      },
    },
  },
  {
    method: 'GET',
    url: '/metrics',
    path: '/metrics',
    operation: {
      tags: ['platform'],
      summary: 'Prometheus metrics: request durations by route and status, and the process',
      security: [{ metricsBearer: [] }],
      responses: {
        200: {
          description: 'Prometheus text format',
          content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } },
        },
        401: {
          ...errorBody('No token or a wrong one'),
          headers: responseHeaders({ 'WWW-Authenticate': 'Bearer realm="sauti-metrics"' }),
        },
        404: errorBody('No METRICS_TOKEN is set (and this is not a demo asked from this machine)'),
      },
    },
  },
  {
    method: 'GET',
    url: '/staff/engage/sessions/:id/events',
    path: '/staff/engage/sessions/{id}/events',
    operation: {
      tags: ['engage'],
      summary: 'A session live for its moderators and the IG’s office, as Server-Sent Events',
      description:
        'The public events of /engage/sessions/{id}/events, and `queue` (`{ pending, approved, rejected }`) whenever the moderation queue changes. ' +
        'Each event carries an id; reconnect with `Last-Event-ID` to get what was missed.',
      security: [{ staffSession: [] }],
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        header('Last-Event-ID', 'The id of the last event received, to resume'),
      ],
      responses: {
        200: { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        303: {
          description: 'Not signed in: sent to /staff/sign-in (or to the two-step code)',
          headers: responseHeaders({ Location: '/staff/sign-in?next=…' }),
        },
        403: htmlPage('The signed-in role may not moderate'),
        404: htmlPage('No such session'),
        429: htmlPage(
          'This address holds too many event streams (RATE_LIMIT_STREAMS); Retry-After says when to try again',
        ),
      },
    },
  },
];
