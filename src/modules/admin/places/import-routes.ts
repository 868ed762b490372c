import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { BadInput, TooLarge, UnsupportedType } from '../../../platform/http/errors.ts';
import type { RouteScope } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { readMultipart } from '../../../platform/web/form-data.ts';
import { translateProblems, type FieldErrors } from '../../../platform/web/forms.tsx';
import { checkCsrf } from '../../../platform/web/plugin.ts';
import { adminRoles } from '../permissions.ts';
import { ImportPreviewPage, ImportUploadPage } from './import-page.tsx';
import * as places from './service.ts';

/** The largest file taken: the service's full list (about 1,250 stations) is some 80 kB. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
/** Room for the form's other fields and the multipart framing around the file. */
const FORM_OVERHEAD_BYTES = 16 * 1024;

const Upload = Type.Object({ upload: Type.String({ pattern: '^[0-9]{1,18}$' }) });

async function readCapped(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) throw new TooLarge('file', max);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The uploaded file: the CSRF token is checked before a byte of it is read, and it is cut off past the limit. */
async function readUpload(request: FastifyRequest): Promise<{ name: string; data: Buffer }> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES + FORM_OVERHEAD_BYTES)
    throw new TooLarge('file', MAX_IMPORT_BYTES);
  if (!request.isMultipart()) {
    const body = request.body as { _csrf?: unknown } | undefined;
    checkCsrf(request, typeof body?._csrf === 'string' ? body._csrf : undefined);
    return { name: '', data: Buffer.alloc(0) };
  }
  let file: { name: string; data: Buffer } | undefined;
  const { fields } = await readMultipart(request, {
    fileField: 'file',
    async onFile(part, sent) {
      checkCsrf(request, sent._csrf);
      if (!part.filename || file) return;
      file = { name: part.filename, data: await readCapped(part.file, MAX_IMPORT_BYTES) };
    },
  });
  checkCsrf(request, fields._csrf);
  return file ?? { name: '', data: Buffer.alloc(0) };
}

/** The file as text: UTF-8 (as spreadsheets save "CSV UTF-8"), nothing binary. */
function csvText(data: Buffer): string {
  if (data.length === 0) throw new BadInput([{ field: 'file', message: 'places.import.error.noFile' }]);
  if (data.includes(0)) throw new UnsupportedType('file', undefined);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new UnsupportedType('file', undefined);
  }
}

/** A refused upload as the form shows it, with its status; anything else is the error handler's. */
function refusal(request: FastifyRequest, error: unknown): { errors: FieldErrors; status: number } {
  if (error instanceof TooLarge)
    return {
      errors: { file: request.t('places.import.error.tooLarge', { kb: MAX_IMPORT_BYTES / 1024 }) },
      status: 413,
    };
  if (error instanceof UnsupportedType)
    return { errors: { file: request.t('places.import.error.notText') }, status: 415 };
  if (error instanceof BadInput) return { errors: translateProblems(request.t, error.problems), status: 400 };
  throw error;
}

const uploadPage = (request: FastifyRequest, errors: FieldErrors = {}) =>
  h(ImportUploadPage, { page: request.pageContext(), errors, maxKb: MAX_IMPORT_BYTES / 1024 });

/** The CSV import: upload, preview (nothing changes), then confirm what the preview showed. */
export function importRoutes(scope: RouteScope, platform: Platform): void {
  scope.get('/stations/import', async (request, reply) => {
    requireStaff(request, adminRoles);
    return reply.html(uploadPage(request));
  });
  scope.post('/stations/import', { config: { csrf: 'manual' } }, async (request, reply) => {
    requireStaff(request, adminRoles);
    let id: string;
    try {
      const file = await readUpload(request);
      id = await places.uploadStations(platform, request.actor, { name: file.name, csv: csvText(file.data) });
    } catch (error) {
      const { errors, status } = refusal(request, error);
      return reply.html(uploadPage(request, errors), status);
    }
    return reply.redirect(`/staff/admin/stations/import/${id}`, 303);
  });
  scope.get('/stations/import/:upload', { schema: { params: Upload } }, async (request, reply) => {
    requireStaff(request, adminRoles);
    const preview = await places.previewUpload(platform, request.actor, request.params.upload);
    return reply.html(h(ImportPreviewPage, { page: request.pageContext(), preview }));
  });
  scope.post(
    '/stations/import/:upload/confirm',
    { schema: { params: Upload, body: formBody({ digest: 100 }) } },
    async (request, reply) => {
      requireStaff(request, adminRoles);
      const { upload } = request.params;
      const preview = await places.confirmUpload(platform, request.actor, upload, request.body.digest ?? '');
      if (preview.result?.applied) return reply.redirect(`/staff/admin/stations/import/${upload}`, 303);
      const stale = preview.result?.stale === true;
      return reply.html(h(ImportPreviewPage, { page: request.pageContext(), preview, stale }), stale ? 409 : 400);
    },
  );
}
