import { Type } from 'typebox';

export const ReportBody = Type.Object(
  {
    category: Type.String({ description: 'One of the misconduct categories (GET /api/reports/categories)' }),
    description: Type.String({ maxLength: 4000 }),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    county: Type.String({ description: 'County code, e.g. "047" for Nairobi City' }),
    station: Type.Optional(Type.String()),
    place: Type.Optional(Type.String({ maxLength: 300 })),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    officers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 200 })),
            serviceNumber: Type.Optional(Type.String({ maxLength: 40 })),
            vehiclePlate: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
    anonymous: Type.Boolean({ description: 'true: no contact details are kept' }),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          phone: Type.Optional(Type.String({ maxLength: 20 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
    ),
    language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('sw')])),
    aboutDocument: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'the free document (its number, e.g. PA/SALAMA/2026/12, or its kind) a demand for money was about',
      }),
    ),
    uploads: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9a-f]{32}$' }), {
        maxItems: 10,
        description: 'ids of finished resumable uploads (tus) at /api/uploads',
      }),
    ),
  },
  { additionalProperties: false },
);

export const Receipt = Type.Object({
  receipt: Type.String({ description: '16-digit receipt code; shown once, keep it to follow the report' }),
  caseReference: Type.String(),
  firstResponseDueAt: Type.String({ format: 'date-time' }),
  evidenceCount: Type.Integer(),
});

export const ReceiptBody = Type.Object(
  { receipt: Type.String({ minLength: 16, maxLength: 24 }) },
  { additionalProperties: false },
);

export const FollowView = Type.Object({
  reference: Type.String(),
  status: Type.String(),
  outcome: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  openedAt: Type.String({ format: 'date-time' }),
  firstResponseDueAt: Type.String({ format: 'date-time' }),
  firstRespondedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  evidenceCount: Type.Integer(),
  /** Until when a reply opens the closed case again; null while it is open. */
  replyUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** What has happened, oldest first: received, assigned, status (with outcome and what the reporter is told), reassigned (unit), reopened. */
  timeline: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      kind: Type.String(),
      status: Type.Optional(Type.String()),
      outcome: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      unit: Type.Optional(Type.String()),
    }),
  ),
  messages: Type.Array(
    Type.Object({ at: Type.String({ format: 'date-time' }), direction: Type.String(), body: Type.String() }),
  ),
});

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  }),
});

export const MessageBody = Type.Object(
  { receipt: Type.String({ minLength: 16, maxLength: 24 }), message: Type.String({ maxLength: 2000 }) },
  { additionalProperties: false },
);

export const EvidenceBody = Type.Object(
  {
    receipt: Type.String({ minLength: 16, maxLength: 24 }),
    uploads: Type.Array(Type.String({ pattern: '^[0-9a-f]{32}$' }), { minItems: 1, maxItems: 10 }),
  },
  { additionalProperties: false },
);
