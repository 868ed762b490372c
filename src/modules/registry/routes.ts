import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { h } from 'preact';
import { Type } from 'typebox';
import type { RoutePlugin, RouteScope } from '../../platform/http/routes.ts';
import { formatDateTimeWithZone } from '../../platform/i18n/index.ts';
import type { Platform } from '../../platform/module.ts';
import { formBody } from '../../platform/web/form-action.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import { checkCsrf } from '../../platform/web/plugin.ts';
import { checkReceipt } from './lookups.ts';
import { MAX_RECEIPT_FILE_BYTES, VerifyPage, type VerifyResult } from './page.tsx';
import { receiptFromPdf } from './pdf.ts';
import { RECEIPT_ISSUER, parseReceipt, receiptReasons, type ReceiptReason } from './receipts.ts';

/** Per client address: a check is cheap, but a PDF upload is parsed. */
const verifyLimit = { max: 60, timeWindow: '1 minute' };
const tags = ['registry'];

const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  }),
});

const ReceiptBody = Type.Object(
  {
    registryNumber: Type.String({ maxLength: 100, description: 'e.g. IGR-2026-000123' }),
    sha256: Type.String({ maxLength: 100, description: 'SHA-256 of the submission, 64 lowercase hex digits' }),
    receivedAt: Type.String({ maxLength: 40, description: 'UTC, YYYY-MM-DDTHH:MM:SS.sssZ' }),
    issuer: Type.String({ maxLength: 200, description: `"${RECEIPT_ISSUER}"` }),
    keyId: Type.String({
      maxLength: 40,
      description: 'first 16 hex digits of the SHA-256 of the registry public key (DER)',
    }),
    signature: Type.String({ maxLength: 200, description: 'Ed25519 signature over the canonical bytes, base64url' }),
  },
  { description: 'A signed receipt exactly as issued (the JSON attached to the receipt PDF as sauti-receipt.json)' },
);

const VerifyAnswer = Type.Object({
  genuine: Type.Boolean(),
  reason: Type.Optional(
    Type.Unsafe<ReceiptReason>(
      Type.Union(
        receiptReasons.map((r) => Type.Literal(r)),
        { description: 'why it is not genuine' },
      ),
    ),
  ),
  registryNumber: Type.Optional(Type.String()),
  receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  message: Type.String({ description: 'the result in plain words, in the language of Accept-Language (en or sw)' }),
});

/** The verification form sent urlencoded (with a PDF it comes multipart, read in the handler). */
const VerifyFormBody = formBody({ receipt: 16_000 });

interface VerifyForm {
  receipt: string;
  file?: Buffer;
  errors: FieldErrors;
}

/** A multipart or empty body is an empty form to the schema; readVerifyForm reads the multipart one. */
async function multipartAsEmptyBody(request: FastifyRequest): Promise<void> {
  if (request.isMultipart() || request.body === undefined || request.body === null) request.body = {};
}

/** The multipart form, with at most one file; the CSRF token is checked before any file is read. */
async function readMultipartVerifyForm(request: FastifyRequest): Promise<VerifyForm> {
  const values: Record<string, string> = {};
  const errors: FieldErrors = {};
  let file: Buffer | undefined;
  let csrfChecked = false;
  for await (const part of request.parts({ limits: { fileSize: MAX_RECEIPT_FILE_BYTES, files: 1 } })) {
    if (part.type === 'field') {
      values[part.fieldname] = String(part.value ?? '');
      continue;
    }
    const upload = part as MultipartFile;
    if (!csrfChecked) {
      checkCsrf(request, values._csrf);
      csrfChecked = true;
    }
    if (!upload.filename) {
      upload.file.resume();
      continue;
    }
    try {
      file = await upload.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      errors.file = request.t('registry.verify.tooLarge');
    }
  }
  if (!csrfChecked) checkCsrf(request, values._csrf);
  return file ? { receipt: values.receipt ?? '', file, errors } : { receipt: values.receipt ?? '', errors };
}

/** What to check: the uploaded PDF's receipt, an uploaded JSON file, or the pasted text; errors go in the form. */
async function receiptInput(request: FastifyRequest, form: VerifyForm): Promise<unknown> {
  let input: unknown = form.receipt.trim();
  if (form.file && !form.errors.file) {
    const head = form.file.subarray(0, 1024).toString('latin1');
    if (head.includes('%PDF-')) input = await receiptFromPdf(form.file);
    else if (form.file.toString('utf8').trim().startsWith('{')) input = form.file.toString('utf8');
    else form.errors.file = request.t('registry.verify.notReceipt');
    if (input === undefined) input = '';
  } else if (!form.file && input === '' && !form.errors.file) {
    form.errors.receipt = request.t('registry.verify.empty');
  }
  return input;
}

/** The verification page at /verify: paste the receipt or upload its PDF. */
export const verifyPageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '',
  register(scope, platform) {
    scope.get('/verify', async (request, reply) =>
      reply.html(h(VerifyPage, { page: request.pageContext(), errors: {} })),
    );

    scope.post(
      '/verify',
      {
        config: { csrf: 'manual', rateLimit: verifyLimit },
        schema: { body: VerifyFormBody },
        preValidation: multipartAsEmptyBody,
      },
      async (request, reply) => {
        let form: VerifyForm = { receipt: request.body.receipt ?? '', errors: {} };
        if (request.isMultipart()) form = await readMultipartVerifyForm(request);
        else checkCsrf(request, request.body._csrf);
        const page = request.pageContext();
        const input = await receiptInput(request, form);
        if (Object.keys(form.errors).length > 0)
          return reply.html(h(VerifyPage, { page, errors: form.errors, receipt: form.receipt }), 400);
        const check = await checkReceipt(platform, input);
        const result: VerifyResult = check.genuine ? { ...check, receipt: parseReceipt(input) } : check;
        return reply.html(h(VerifyPage, { page, errors: {}, result }));
      },
    );
  },
};

/** The registry's public key, to check receipts offline. */
export const publicKeyRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/registry',
  register(scope, platform) {
    const { registry } = platform;
    scope.get(
      '/public-key',
      {
        schema: {
          tags,
          summary: "The IG's office registry public key (Ed25519, SPKI PEM), to check receipts offline",
          produces: ['text/plain'],
        },
      },
      async (_request, reply) =>
        reply
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(registry.publicKeyPem),
    );

    scope.get(
      '/public-key.json',
      {
        schema: {
          tags,
          summary: "The IG's office registry public key, with its key id",
          response: {
            200: Type.Object({
              issuer: Type.String(),
              keyId: Type.String(),
              algorithm: Type.Literal('Ed25519'),
              publicKeyPem: Type.String(),
            }),
          },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return {
          issuer: RECEIPT_ISSUER,
          keyId: registry.keyId,
          algorithm: 'Ed25519' as const,
          publicKeyPem: registry.publicKeyPem,
        };
      },
    );
  },
};

function verifyApiRoute(scope: RouteScope, platform: Platform): void {
  scope.post(
    '/verify',
    {
      config: { csrf: false, rateLimit: verifyLimit },
      schema: {
        tags,
        summary: "Check a signed receipt of the IG's office registry",
        description:
          'Checks the signature with the registry key and, where the registry keeps the submission, that its SHA-256 matches. ' +
          'A receipt that is not genuine is still a 200, with `genuine: false` and the reason: malformed, signature, unknown_key, not_found or hash_mismatch.',
        body: ReceiptBody,
        response: { 200: VerifyAnswer, 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      const check = await checkReceipt(platform, request.body);
      const t = request.t;
      if (!check.genuine) {
        const reason = check.reason ?? 'malformed';
        return {
          genuine: false,
          reason,
          message: t('registry.verify.notGenuine', { reason: t(`registry.reason.${reason}`) }),
        };
      }
      const receipt = parseReceipt(request.body)!;
      return {
        genuine: true,
        registryNumber: receipt.registryNumber,
        receivedAt: receipt.receivedAt,
        message: t('registry.verify.genuine', {
          date: formatDateTimeWithZone(request.locale, receipt.receivedAt),
          number: receipt.registryNumber,
        }),
      };
    },
  );
}

/** The JSON check at /api/registry/verify. */
export const verifyApiRoutes: RoutePlugin = {
  area: 'api',
  prefix: '/api/registry',
  register: verifyApiRoute,
};
