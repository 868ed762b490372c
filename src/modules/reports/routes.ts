import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { misconductCategories } from '../../jurisdiction/kenya/index.ts';
import { requireStaff } from '../../platform/auth/plugin.ts';
import { sendStoredFile } from '../../platform/http/files.ts';
import { listStations } from '../../platform/db/reference-store.ts';
import type { DomainError } from '../../platform/http/errors.ts';
import { BadInput, NotFound, TooLarge, UnsupportedType } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { translateProblems, type FieldErrors } from '../../platform/web/forms.tsx';
import { FormRefused, readMultipart } from '../../platform/web/form-data.ts';
import { checkCsrf } from '../../platform/web/plugin.ts';
import { registerCaseSource } from '../cases/index.ts';
import { acceptEvidence, type AcceptedEvidence } from '../../platform/blobs/evidence.ts';
import { CaseReport } from './pages/case-report.tsx';
import { FollowLoginPage, FollowPage, ReceiptPage } from './pages/follow.tsx';
import { OFFICER_ROWS, ReportFormPage, type ReportFormValues } from './pages/report-form.tsx';
import * as reports from './service.ts';
import { ResumableUploads } from './uploads.ts';

const FOLLOW_COOKIE = 'sauti_follow';
const FOLLOW_MINUTES = 30;

interface ParsedForm {
  values: ReportFormValues;
  evidence: AcceptedEvidence[];
  /** A file refused (too large, wrong type); the rest of the request was drained. */
  fileError?: DomainError;
}

/**
 * Reads a multipart form in order: fields first (the CSRF token must precede the files), then
 * each file streamed into the blob store with its type checked by content. Call it inside
 * platform.blobs.batch, so the files of a refused form are taken back.
 */
async function readMultipartForm(
  request: FastifyRequest,
  platform: Platform,
  receivedVia: string,
): Promise<ParsedForm> {
  const evidence: AcceptedEvidence[] = [];
  let fileError: DomainError | undefined;
  let csrfChecked = false;
  const form = await readMultipart(request, {
    lists: ['upload'],
    fileField: 'evidence',
    async onFile(file, fields) {
      if (!csrfChecked) {
        checkCsrf(request, fields._csrf);
        csrfChecked = true;
      }
      if (!file.filename || fileError) return;
      try {
        evidence.push(
          await acceptEvidence(platform.blobs, file.file, platform.config.evidenceMaxBytes, 'evidence', receivedVia),
        );
      } catch (error) {
        if (!(error instanceof TooLarge || error instanceof UnsupportedType)) throw error;
        fileError = error;
      }
    },
  });
  if (!csrfChecked) checkCsrf(request, form.fields._csrf);
  const values: ReportFormValues = { ...form.fields };
  const uploads = form.lists.upload ?? [];
  if (uploads.length > 0) values.upload = uploads.join(',');
  return fileError ? { values, evidence, fileError } : { values, evidence };
}

/** An urlencoded (or JSON) form's values; anything that is not an object of fields is an empty form. */
function formValues(body: unknown): ReportFormValues {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ReportFormValues) : {};
}

/** Upload ids named by the form (the enhanced form sends one field per upload). */
function uploadList(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => v.split(',')).filter(Boolean);
}

function formToInput(values: ReportFormValues, locale: string): reports.ReportInput {
  return {
    category: values.category,
    description: values.description,
    occurredDate: values.occurredDate,
    occurredTime: values.occurredTime,
    county: values.county,
    station: values.station,
    place: values.place,
    latitude: values.latitude,
    longitude: values.longitude,
    officers: Array.from({ length: OFFICER_ROWS }, (_, i) => ({
      name: values[`officerName${i}`],
      serviceNumber: values[`officerNumber${i}`],
      vehiclePlate: values[`officerPlate${i}`],
    })),
    anonymous: values.anonymous !== 'no',
    contactName: values.contactName,
    contactPhone: values.contactPhone,
    contactEmail: values.contactEmail,
    language: locale,
  };
}

const ReportBody = Type.Object(
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
    uploads: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9a-f]{32}$' }), {
        maxItems: 10,
        description: 'ids of finished resumable uploads (tus) at /api/uploads',
      }),
    ),
  },
  { additionalProperties: false },
);

const Receipt = Type.Object({
  receipt: Type.String({ description: '16-digit receipt code; shown once, keep it to follow the report' }),
  caseReference: Type.String(),
  firstResponseDueAt: Type.String({ format: 'date-time' }),
  evidenceCount: Type.Integer(),
});

const ReceiptBody = Type.Object(
  { receipt: Type.String({ minLength: 16, maxLength: 24 }) },
  { additionalProperties: false },
);

const FollowView = Type.Object({
  reference: Type.String(),
  status: Type.String(),
  outcome: Type.Union([Type.String(), Type.Null()]),
  category: Type.String(),
  openedAt: Type.String({ format: 'date-time' }),
  firstResponseDueAt: Type.String({ format: 'date-time' }),
  firstRespondedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  evidenceCount: Type.Integer(),
  messages: Type.Array(
    Type.Object({ at: Type.String({ format: 'date-time' }), direction: Type.String(), body: Type.String() }),
  ),
});

const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  }),
});

export function registerReportRoutes(app: FastifyInstance, platform: Platform): void {
  const { config } = platform;
  const uploads = new ResumableUploads(platform);
  uploads.register(app);
  const reportLimit = { max: config.rateLimits.reports, timeWindow: '10 minutes' };
  const receiptLimit = { max: config.rateLimits.receipts, timeWindow: '15 minutes' };
  const maxFileMb = Math.floor(config.evidenceMaxBytes / 1024 / 1024);

  // The registry is shared by every app in the process, so the source uses only what it is given.
  registerCaseSource('report', {
    async render(given, page, c) {
      const found = await reports.reportOfCase(given, c.id);
      return found ? h(CaseReport, { page, ...found }) : null;
    },
  });

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: ReportFormValues,
    errors: FieldErrors,
    status = 200,
    filesDropped = false,
  ) {
    const stations = await listStations(platform.db.pool);
    return reply.html(
      h(ReportFormPage, { page: request.pageContext(), values, errors, stations, maxFileMb, filesDropped }),
      status,
    );
  }

  app.get('/report', { schema: { hide: true } }, (request, reply) => showForm(request, reply, {}, {}));

  /** What the report form's answer is: the receipt, or the form again with its errors. */
  type FormOutcome =
    | { submitted: reports.SubmittedReport }
    | { values: ReportFormValues; errors: FieldErrors; status: number; filesDropped: boolean };

  app.post(
    '/report',
    { schema: { hide: true }, config: { csrf: 'manual', rateLimit: reportLimit, lists: ['upload'] } },
    async (request, reply) => {
      let uploadIds: string[] = [];
      // the files of a refused report are taken back before the answer goes out
      const outcome = await platform.blobs.batch(async (files): Promise<FormOutcome> => {
        const isMultipart = request.isMultipart();
        let form: ParsedForm;
        try {
          form = isMultipart
            ? await readMultipartForm(request, platform, 'web form')
            : { values: formValues(request.body), evidence: [] };
        } catch (error) {
          if (!(error instanceof FormRefused)) throw error;
          return {
            values: error.fields,
            errors: translateProblems(request.t, error.problems),
            status: 400,
            filesDropped: false,
          };
        }
        if (!isMultipart) checkCsrf(request, form.values._csrf);
        const dropped = form.evidence.length > 0;
        if (form.fileError) {
          return {
            values: form.values,
            errors: { evidence: request.t(`reports.error.${form.fileError.code}`, { mb: maxFileMb }) },
            status: form.fileError.status,
            filesDropped: dropped,
          };
        }
        uploadIds = uploadList(form.values.upload as string | string[] | undefined);
        try {
          const claimed = await uploads.claim(uploadIds, 'evidence');
          const submitted = await reports.submitReport(platform, formToInput(form.values, request.locale), 'web', [
            ...form.evidence,
            ...claimed,
          ]);
          files.recorded();
          return { submitted };
        } catch (error) {
          if (error instanceof BadInput)
            return {
              values: form.values,
              errors: translateProblems(request.t, error.problems),
              status: 400,
              filesDropped: dropped,
            };
          if (error instanceof UnsupportedType || error instanceof TooLarge) {
            return {
              values: form.values,
              errors: { evidence: request.t(`reports.error.${error.code}`, { mb: maxFileMb }) },
              status: error.status,
              filesDropped: false,
            };
          }
          throw error;
        }
      });
      if ('submitted' in outcome) {
        await uploads.release(uploadIds);
        return reply.html(h(ReceiptPage, { page: request.pageContext(), submitted: outcome.submitted }), 201);
      }
      return showForm(request, reply, outcome.values, outcome.errors, outcome.status, outcome.filesDropped);
    },
  );

  // Following a report: the receipt code goes in a POST body, never a URL; the page then
  // remembers the report for half an hour in an HttpOnly cookie holding a token the service signed.
  const followCookie = { path: '/follow', httpOnly: true, sameSite: 'strict' as const, secure: config.secureCookies };

  /** Whoever's follow cookie is genuine and unexpired holds the report's receipt; anyone else, nothing. */
  function followedReport(request: FastifyRequest): reports.ReceiptHolder | undefined {
    return reports.ReceiptHolder.byFollowToken(platform, request.cookies[FOLLOW_COOKIE]);
  }

  async function showFollow(
    request: FastifyRequest,
    reply: FastifyReply,
    holder: reports.ReceiptHolder,
    extra: { errors?: FieldErrors; notice?: string; status?: number; reply?: string } = {},
  ) {
    const followed = await reports.followReport(platform, holder);
    return reply.html(
      h(FollowPage, {
        page: request.pageContext(),
        followed,
        now: platform.clock.now(),
        errors: extra.errors ?? {},
        notice: extra.notice,
        ...(extra.reply ? { reply: extra.reply } : {}),
      }),
      extra.status ?? 200,
    );
  }

  app.get('/follow', { schema: { hide: true } }, async (request, reply) => {
    const holder = followedReport(request);
    if (!holder) return reply.html(h(FollowLoginPage, { page: request.pageContext(), errors: {} }));
    const { done } = request.query as { done?: string };
    return showFollow(
      request,
      reply,
      holder,
      done === 'message' || done === 'evidence' ? { notice: request.t(`reports.follow.done.${done}`) } : {},
    );
  });

  app.post('/follow', { schema: { hide: true }, config: { rateLimit: receiptLimit } }, async (request, reply) => {
    const { receipt } = request.body as { receipt?: string };
    try {
      const { holder } = await reports.ReceiptHolder.byReceipt(platform, String(receipt ?? ''));
      reply.setCookie(FOLLOW_COOKIE, holder.followToken(platform, FOLLOW_MINUTES), {
        ...followCookie,
        maxAge: FOLLOW_MINUTES * 60,
      });
      return reply.redirect('/follow', 303);
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      return reply.html(
        h(FollowLoginPage, { page: request.pageContext(), errors: { receipt: request.t('reports.follow.notFound') } }),
        404,
      );
    }
  });

  app.post(
    '/follow/messages',
    { schema: { hide: true }, config: { rateLimit: reportLimit } },
    async (request, reply) => {
      const holder = followedReport(request);
      if (!holder) return reply.redirect('/follow', 303);
      const { message } = request.body as { message?: string };
      try {
        await reports.replyToInvestigator(platform, holder, String(message ?? ''));
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        return showFollow(request, reply, holder, {
          errors: translateProblems(request.t, error.problems),
          status: 400,
          reply: String(message ?? ''),
        });
      }
      return reply.redirect('/follow?done=message', 303);
    },
  );

  app.post(
    '/follow/evidence',
    { schema: { hide: true }, config: { csrf: 'manual', rateLimit: reportLimit } },
    async (request, reply) => {
      const holder = followedReport(request);
      if (!holder) return reply.redirect('/follow', 303);
      if (!request.isMultipart())
        return showFollow(request, reply, holder, {
          errors: { evidence: request.t('reports.error.noFiles') },
          status: 400,
        });
      const refused = await platform.blobs.batch(
        async (files): Promise<{ errors: FieldErrors; status: number } | undefined> => {
          let form: ParsedForm;
          try {
            form = await readMultipartForm(request, platform, 'web form (follow-up)');
          } catch (error) {
            if (!(error instanceof FormRefused)) throw error;
            return { errors: translateProblems(request.t, error.problems), status: 400 };
          }
          if (form.fileError)
            return {
              errors: { evidence: request.t(`reports.error.${form.fileError.code}`, { mb: maxFileMb }) },
              status: form.fileError.status,
            };
          if (form.evidence.length === 0)
            return { errors: { evidence: request.t('reports.error.noFiles') }, status: 400 };
          await reports.addEvidence(platform, holder, form.evidence);
          files.recorded();
          return undefined;
        },
      );
      if (refused) return showFollow(request, reply, holder, refused);
      return reply.redirect('/follow?done=evidence', 303);
    },
  );

  app.post('/follow/leave', { schema: { hide: true } }, async (_request, reply) => {
    reply.clearCookie(FOLLOW_COOKIE, { path: '/follow' });
    return reply.redirect('/', 303);
  });

  app.get('/staff/evidence/:id', { schema: { hide: true } }, async (request, reply) => {
    const actor = requireStaff(request);
    const evidence = await reports.evidenceForStaff(platform, actor, (request.params as { id: string }).id);
    return sendStoredFile(reply, platform.blobs, {
      sha256: evidence.sha256,
      mediaType: evidence.media_type,
      name: `evidence-${evidence.id}-${evidence.sha256.slice(0, 12)}`,
    });
  });

  // JSON API

  app.get(
    '/api/reports/categories',
    {
      schema: {
        tags: ['reports'],
        summary: 'Misconduct categories and the unit each is routed to',
        response: { 200: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), unit: Type.String() })) },
      },
    },
    async (request) =>
      misconductCategories.map((c) => ({ code: c.code, name: request.t(`category.${c.code}`), unit: c.unit })),
  );

  app.post(
    '/api/reports',
    {
      config: { csrf: false, rateLimit: reportLimit },
      schema: {
        tags: ['reports'],
        summary: 'Report police misconduct',
        description:
          'Stores the report and opens its case in one transaction. Evidence is uploaded first with tus at /api/uploads and named here by upload id.',
        body: ReportBody,
        response: { 201: Receipt, 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof ReportBody>;
      const submitted = await platform.blobs.batch(async (files) => {
        const claimed = await uploads.claim(body.uploads ?? [], 'uploads');
        const done = await reports.submitReport(
          platform,
          {
            ...body,
            contactName: body.contact?.name,
            contactPhone: body.contact?.phone,
            contactEmail: body.contact?.email,
            language: body.language ?? request.locale,
          },
          'api',
          claimed,
        );
        files.recorded();
        return done;
      });
      await uploads.release(body.uploads ?? []);
      return reply.code(201).send({ ...submitted, firstResponseDueAt: submitted.firstResponseDueAt.toISOString() });
    },
  );

  async function followView(receipt: string) {
    const { holder, report } = await reports.ReceiptHolder.byReceipt(platform, receipt);
    const { status, evidence } = await reports.followReport(platform, holder);
    return {
      holder,
      view: {
        reference: status.reference,
        status: status.status,
        outcome: status.outcome,
        category: report.category,
        openedAt: status.openedAt.toISOString(),
        firstResponseDueAt: status.firstResponseDueAt.toISOString(),
        firstRespondedAt: status.firstRespondedAt ? status.firstRespondedAt.toISOString() : null,
        evidenceCount: evidence.length,
        messages: status.messages.map((m) => ({ at: m.at.toISOString(), direction: m.direction, body: m.body })),
      },
    };
  }

  app.post(
    '/api/reports/follow',
    {
      config: { csrf: false, rateLimit: receiptLimit },
      schema: {
        tags: ['reports'],
        summary: 'Follow a report with its receipt code',
        body: ReceiptBody,
        response: { 200: FollowView, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => (await followView((request.body as Static<typeof ReceiptBody>).receipt)).view,
  );

  const MessageBody = Type.Object(
    { receipt: Type.String({ minLength: 16, maxLength: 24 }), message: Type.String({ maxLength: 2000 }) },
    { additionalProperties: false },
  );
  app.post(
    '/api/reports/follow/messages',
    {
      config: { csrf: false, rateLimit: receiptLimit },
      schema: {
        tags: ['reports'],
        summary: 'Reply to the investigator',
        body: MessageBody,
        response: { 200: FollowView, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const body = request.body as Static<typeof MessageBody>;
      const { holder } = await followView(body.receipt);
      await reports.replyToInvestigator(platform, holder, body.message);
      return (await followView(body.receipt)).view;
    },
  );

  const EvidenceBody = Type.Object(
    {
      receipt: Type.String({ minLength: 16, maxLength: 24 }),
      uploads: Type.Array(Type.String({ pattern: '^[0-9a-f]{32}$' }), { minItems: 1, maxItems: 10 }),
    },
    { additionalProperties: false },
  );
  app.post(
    '/api/reports/follow/evidence',
    {
      config: { csrf: false, rateLimit: receiptLimit },
      schema: {
        tags: ['reports'],
        summary: 'Add evidence to a report (uploaded first with tus)',
        body: EvidenceBody,
        response: { 200: FollowView, 400: ErrorResponse, 404: ErrorResponse, 415: ErrorResponse },
      },
    },
    async (request) => {
      const body = request.body as Static<typeof EvidenceBody>;
      const { holder } = await followView(body.receipt);
      await platform.blobs.batch(async (files) => {
        await reports.addEvidence(platform, holder, await uploads.claim(body.uploads, 'uploads'));
        files.recorded();
      });
      await uploads.release(body.uploads);
      return (await followView(body.receipt)).view;
    },
  );
}
