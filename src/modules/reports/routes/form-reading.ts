import type { FastifyRequest } from 'fastify';
import type { DomainError } from '../../../platform/http/errors.ts';
import { TooLarge, UnsupportedType } from '../../../platform/http/errors.ts';
import type { Platform } from '../../../platform/module.ts';
import { acceptEvidence, type AcceptedEvidence } from '../../../platform/blobs/evidence.ts';
import { readMultipart } from '../../../platform/web/form-data.ts';
import { checkCsrf } from '../../../platform/web/plugin.ts';
import { OFFICER_ROWS, type ReportFormValues } from '../pages/report-form.tsx';
import type { ReportInput } from '../service.ts';

export interface ParsedForm {
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
export async function readMultipartForm(
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

/** Upload ids named by the form (the enhanced form sends one field per upload). */
export function uploadList(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => v.split(',')).filter(Boolean);
}

export function formToInput(values: ReportFormValues, locale: string): ReportInput {
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
    aboutDocument: values.aboutDocument,
  };
}

/**
 * A form that may come as multipart (read in the handler by readMultipart) or urlencoded (checked
 * by the route's body schema): a multipart or empty body is an empty form to the schema.
 */
export async function multipartAsEmptyBody(request: FastifyRequest): Promise<void> {
  if (request.isMultipart() || request.body === undefined || request.body === null) request.body = {};
}
