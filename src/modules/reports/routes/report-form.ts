import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { misconductCategories } from '../../../jurisdiction/kenya/index.ts';
import { listStations } from '../../../platform/db/reference-store.ts';
import { BadInput, TooLarge, UnsupportedType } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { cleanText } from '../../../platform/text/index.ts';
import { FormRefused } from '../../../platform/web/form-data.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { translateProblems, type FieldErrors } from '../../../platform/web/forms.tsx';
import { checkCsrf } from '../../../platform/web/plugin.ts';
import { ReceiptPage } from '../pages/follow.tsx';
import { ReportFormPage, type ReportFormValues } from '../pages/report-form.tsx';
import * as reports from '../service.ts';
import { uploadsOf, type ResumableUploads } from '../uploads.ts';
import { formToInput, multipartAsEmptyBody, readMultipartForm, uploadList, type ParsedForm } from './form-reading.ts';

const officerFields = Object.fromEntries(
  [0, 1, 2].flatMap((i) => [
    [`officerName${i}`, 800],
    [`officerNumber${i}`, 160],
    [`officerPlate${i}`, 80],
  ]),
) as Record<`officer${'Name' | 'Number' | 'Plate'}${0 | 1 | 2}`, number>;

/** The report form sent urlencoded (the page sends it multipart, read by readMultipart instead). */
const ReportFormBody = Type.Object({
  ...formBody({
    category: 200,
    description: 4 * reports.MAX_DESCRIPTION,
    occurredDate: 100,
    occurredTime: 100,
    county: 100,
    station: 200,
    place: 4 * reports.MAX_PLACE,
    latitude: 100,
    longitude: 100,
    anonymous: 100,
    contactName: 800,
    contactPhone: 200,
    contactEmail: 1000,
    aboutDocument: 200,
    ...officerFields,
  }).properties,
  upload: Type.Optional(
    Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 4000 }), { maxItems: 100 })]),
  ),
});

/** What the report form's answer is: the receipt, or the form again with its errors. */
type FormOutcome = { submitted: reports.SubmittedReport } | Refusal;
type Refusal = { values: ReportFormValues; errors: FieldErrors; status: number; filesDropped: boolean };

function urlencodedForm(body: Static<typeof ReportFormBody>): ParsedForm {
  const { upload, ...fields } = body;
  const values: ReportFormValues = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) values[name] = value;
  if (upload !== undefined) values.upload = Array.isArray(upload) ? upload.join(',') : upload;
  return { values, evidence: [] };
}

/** The form as sent, or why it cannot be taken (the form comes back with the error beside its field). */
async function readReportForm(
  request: FastifyRequest,
  body: Static<typeof ReportFormBody>,
  platform: Platform,
  maxFileMb: number,
): Promise<{ form: ParsedForm } | Refusal> {
  let form: ParsedForm;
  try {
    form = request.isMultipart() ? await readMultipartForm(request, platform, 'web form') : urlencodedForm(body);
  } catch (error) {
    if (!(error instanceof FormRefused)) throw error;
    return {
      values: error.fields,
      errors: translateProblems(request.t, error.problems),
      status: 400,
      filesDropped: false,
    };
  }
  if (!request.isMultipart()) checkCsrf(request, form.values._csrf);
  if (!form.fileError) return { form };
  return {
    values: form.values,
    errors: { evidence: request.t(`reports.error.${form.fileError.code}`, { mb: maxFileMb }) },
    status: form.fileError.status,
    filesDropped: form.evidence.length > 0,
  };
}

async function submitForm(
  request: FastifyRequest,
  platform: Platform,
  uploads: ResumableUploads,
  form: ParsedForm,
  uploadIds: string[],
  maxFileMb: number,
): Promise<FormOutcome> {
  try {
    const claimed = await uploads.claim(uploadIds, 'evidence');
    const input = formToInput(form.values, request.locale);
    return { submitted: await reports.submitReport(platform, input, 'web', [...form.evidence, ...claimed]) };
  } catch (error) {
    if (error instanceof BadInput) {
      const errors = translateProblems(request.t, error.problems);
      return { values: form.values, errors, status: 400, filesDropped: form.evidence.length > 0 };
    }
    if (!(error instanceof UnsupportedType || error instanceof TooLarge)) throw error;
    return {
      values: form.values,
      errors: { evidence: request.t(`reports.error.${error.code}`, { mb: maxFileMb }) },
      status: error.status,
      filesDropped: false,
    };
  }
}

const PrefillQuery = Type.Object({
  category: Type.Optional(Type.String({ maxLength: 64 })),
  station: Type.Optional(Type.String({ maxLength: 64 })),
  about: Type.Optional(Type.String({ maxLength: 200 })),
  document: Type.Optional(Type.String({ maxLength: 100 })),
});

/**
 * A link may start the form filled in, e.g. from a free document's "report a demand for money":
 * `?category=bribery_extortion&station=salama&about=PA/SALAMA/2026/12&document=PA/SALAMA/2026/12`. Only known
 * categories are taken; `about` opens the description, for the reporter to finish; `document` is kept with it.
 */
function prefill(query: { category?: string; station?: string; about?: string; document?: string }): ReportFormValues {
  const values: ReportFormValues = {};
  if (query.category && misconductCategories.some((c) => c.code === query.category)) values.category = query.category;
  if (query.station && /^[a-z0-9-]{1,64}$/.test(query.station)) values.station = query.station;
  const about = cleanText(query.about ?? '');
  if (about) values.description = `${about}: `;
  // the document it is about travels with the form; the service keeps it only if it names one
  const document = cleanText(query.document ?? '');
  if (document) values.aboutDocument = document;
  return values;
}

/** The report form at /report: the receipt (201) once it is in, else the form again with its errors. */
export const reportFormRoutes: RoutePlugin = {
  area: 'public',
  prefix: '',
  register(scope, platform) {
    const uploads = uploadsOf(platform);
    const maxFileMb = Math.floor(platform.config.evidenceMaxBytes / 1024 / 1024);
    const reportLimit = { max: platform.config.rateLimits.reports, timeWindow: '10 minutes' };
    const showForm = async (request: FastifyRequest, values: ReportFormValues, errors: FieldErrors, dropped = false) =>
      h(ReportFormPage, {
        page: request.pageContext(),
        values,
        errors,
        stations: await listStations(platform.db.pool),
        maxFileMb,
        filesDropped: dropped,
      });

    scope.get('/report', { schema: { querystring: PrefillQuery } }, async (request, reply) =>
      reply.html(await showForm(request, prefill(request.query), {})),
    );

    scope.post(
      '/report',
      {
        config: { csrf: 'manual', rateLimit: reportLimit, lists: ['upload'] },
        schema: { body: ReportFormBody },
        preValidation: multipartAsEmptyBody,
      },
      async (request, reply) => {
        let uploadIds: string[] = [];
        // the files of a refused report are taken back before the answer goes out
        const outcome = await platform.blobs.batch(async (files): Promise<FormOutcome> => {
          const read = await readReportForm(request, request.body, platform, maxFileMb);
          if (!('form' in read)) return read;
          uploadIds = uploadList(read.form.values.upload);
          const answer = await submitForm(request, platform, uploads, read.form, uploadIds, maxFileMb);
          if ('submitted' in answer) files.recorded();
          return answer;
        });
        if ('submitted' in outcome) {
          await uploads.release(uploadIds);
          return reply.html(h(ReceiptPage, { page: request.pageContext(), submitted: outcome.submitted }), 201);
        }
        const page = await showForm(request, outcome.values, outcome.errors, outcome.filesDropped);
        return reply.html(page, outcome.status);
      },
    );
  },
};
