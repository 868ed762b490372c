import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { h } from 'preact';
import { Type, type Static } from 'typebox';
import { formatDateTimeWithZone } from '../i18n/index.ts';
import type { Platform } from '../module.ts';
import type { FieldErrors } from '../web/forms.tsx';
import { checkCsrf } from '../web/plugin.ts';
import { RECEIPT_ISSUER, checkReceipt, parseReceipt, receiptFromPdf, receiptReasons } from './index.ts';
import { MAX_RECEIPT_FILE_BYTES, VerifyPage, type VerifyResult } from './page.tsx';

/** Per client address: a check is cheap, but a PDF upload is parsed. */
const verifyLimit = { max: 60, timeWindow: '1 minute' };

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
    Type.Union(
      receiptReasons.map((r) => Type.Literal(r)),
      { description: 'why it is not genuine' },
    ),
  ),
  registryNumber: Type.Optional(Type.String()),
  receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  message: Type.String({ description: 'the result in plain words, in the language of Accept-Language (en or sw)' }),
});

interface VerifyForm {
  receipt: string;
  file?: Buffer;
  errors: FieldErrors;
}

/** The form, by multipart (with a PDF) or urlencoded; the CSRF token is checked before any file is read. */
async function readVerifyForm(request: FastifyRequest): Promise<VerifyForm> {
  const values: Record<string, string> = {};
  const errors: FieldErrors = {};
  let file: Buffer | undefined;
  if (!request.isMultipart()) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    checkCsrf(request, typeof body._csrf === 'string' ? body._csrf : undefined);
    return { receipt: typeof body.receipt === 'string' ? body.receipt : '', errors };
  }
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

/** The public key, the verification page and its JSON API. */
export function registerRegistryRoutes(app: FastifyInstance, platform: Platform): void {
  const { registry } = platform;

  app.get(
    '/registry/public-key',
    {
      schema: {
        tags: ['registry'],
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

  app.get(
    '/registry/public-key.json',
    {
      schema: {
        tags: ['registry'],
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

  app.get('/verify', { schema: { hide: true } }, async (request, reply) =>
    reply.html(h(VerifyPage, { page: request.pageContext(), errors: {} })),
  );

  app.post(
    '/verify',
    { schema: { hide: true }, config: { csrf: 'manual', rateLimit: verifyLimit } },
    async (request, reply) => {
      const form = await readVerifyForm(request);
      const page = request.pageContext();
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
      if (Object.keys(form.errors).length > 0)
        return reply.html(h(VerifyPage, { page, errors: form.errors, receipt: form.receipt }), 400);
      const check = await checkReceipt(platform, input);
      const result: VerifyResult = check.genuine ? { ...check, receipt: parseReceipt(input) } : check;
      return reply.html(h(VerifyPage, { page, errors: {}, result }));
    },
  );

  app.post(
    '/api/registry/verify',
    {
      config: { csrf: false, rateLimit: verifyLimit },
      schema: {
        tags: ['registry'],
        summary: "Check a signed receipt of the IG's office registry",
        description:
          'Checks the signature with the registry key and, where the registry keeps the submission, that its SHA-256 matches. ' +
          'A receipt that is not genuine is still a 200, with `genuine: false` and the reason: malformed, signature, unknown_key, not_found or hash_mismatch.',
        body: ReceiptBody,
        response: { 200: VerifyAnswer, 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      const body = request.body as Static<typeof ReceiptBody>;
      const check = await checkReceipt(platform, body);
      const t = request.t;
      if (!check.genuine) {
        const reason = check.reason ?? 'malformed';
        return {
          genuine: false,
          reason,
          message: t('registry.verify.notGenuine', { reason: t(`registry.reason.${reason}`) }),
        };
      }
      const receipt = parseReceipt(body)!;
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
