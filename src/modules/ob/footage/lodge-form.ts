import type { FastifyRequest } from 'fastify';
import { acceptEvidence, type AcceptedEvidence } from '../../../platform/blobs/evidence.ts';
import { BadInput, badField, TooLarge, UnsupportedType } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { translateProblems, type FieldErrors } from '../../../platform/web/forms.tsx';
import { FormRefused, readMultipart } from '../../../platform/web/form-data.ts';
import { checkCsrf } from '../../../platform/web/plugin.ts';
import { checkLodging, lodgeFootage, type LodgedFootage } from './lodge.ts';
import { footageUploadsOf } from './uploads.ts';

/** What was typed in the lodging form, to show it again. */
export type LodgeFields = Record<string, string>;

/** The form's answer: the lodged footage, or the errors to show beside the form with the status. */
export type LodgeOutcome = { lodged: LodgedFootage } | { errors: FieldErrors; status: number };

const UPLOAD_ID = /^[0-9a-f]{32}$/;

function urlencodedFields(body: unknown): LodgeFields {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

/**
 * Reads the form in the order it was sent. The fields come before the file, so the CSRF token and
 * the typed fields are checked before a byte of the file is read: a form with a mistake does not
 * stream gigabytes for nothing. The file, if any, streams into the blob store while it is hashed.
 */
async function readLodging(
  platform: Platform,
  request: FastifyRequest,
): Promise<{ fields: LodgeFields; file?: AcceptedEvidence; failure?: unknown }> {
  if (!request.isMultipart()) {
    const fields = urlencodedFields(request.body);
    checkCsrf(request, fields._csrf);
    return { fields };
  }
  let failure: unknown;
  let file: AcceptedEvidence | undefined;
  const { fields } = await readMultipart(request, {
    fileField: 'footage',
    async onFile(part, sent) {
      checkCsrf(request, sent._csrf);
      if (!part.filename || file || failure) return;
      try {
        checkLodging(platform, sent);
        file = await acceptEvidence(
          platform.blobs,
          part.file,
          platform.config.evidenceMaxBytes,
          'footage',
          'ob footage',
        );
      } catch (error) {
        // the rest of the body is drained; the refusal is answered once it is read
        failure = error;
      }
    },
  });
  checkCsrf(request, fields._csrf);
  return { fields, ...(file ? { file } : {}), ...(failure ? { failure } : {}) };
}

/** A refusal as the form shows it: the field's error and the status; anything else goes to the error handler. */
function refusal(request: FastifyRequest, error: unknown, maxFileMb: number): { errors: FieldErrors; status: number } {
  if (error instanceof TooLarge)
    return { errors: { footage: request.t('ob.footage.error.tooLarge', { mb: maxFileMb }) }, status: 413 };
  if (error instanceof UnsupportedType)
    return { errors: { footage: request.t('ob.footage.error.notVideo') }, status: 415 };
  if (error instanceof BadInput) return { errors: translateProblems(request.t, error.problems), status: 400 };
  throw error;
}

/**
 * Lodges footage from the station's form: the file sent with it (no JavaScript), or the finished
 * resumable upload the page's script names in `upload`. A refused lodging keeps nothing: a file
 * it brought is taken back, and a named upload stays where it was, to be lodged again.
 */
export async function lodgeFromForm(
  platform: Platform,
  request: FastifyRequest,
  stationId: string,
  maxFileMb: number,
): Promise<{ fields: LodgeFields; outcome: LodgeOutcome }> {
  let fields: LodgeFields = {};
  let uploadId: string | undefined;
  try {
    const lodged = await platform.blobs.batch(async (files) => {
      const read = await readLodging(platform, request);
      fields = read.fields;
      if (read.failure) throw read.failure;
      const checked = checkLodging(platform, fields);
      uploadId = read.file ? undefined : fields.upload;
      const file = read.file ?? (await claimUpload(platform, uploadId, 'footage'));
      const done = await lodgeFootage(platform, request.actor, stationId, checked, file, 'footage');
      files.recorded();
      return done;
    });
    if (uploadId) await footageUploadsOf(platform).release([uploadId]);
    return { fields, outcome: { lodged } };
  } catch (error) {
    if (error instanceof FormRefused) fields = { ...error.fields, ...fields };
    return { fields, outcome: refusal(request, error, maxFileMb) };
  }
}

/** A finished upload to footage's own endpoint, hashed into the blob store (a 400 naming `field` when there is none). */
export async function claimUpload(
  platform: Platform,
  uploadId: string | undefined,
  field: string,
): Promise<AcceptedEvidence> {
  if (!uploadId) badField(field, 'ob.footage.error.noFile');
  if (!UPLOAD_ID.test(uploadId)) badField(field, 'reports.error.upload');
  return (await footageUploadsOf(platform).claim([uploadId], field))[0]!;
}
