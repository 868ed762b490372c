import type { FastifyRequest } from 'fastify';
import { BadInput, TooLarge, UnsupportedType } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/module.ts';
import { translateProblems, type FieldErrors } from '../../platform/web/forms.tsx';
import { FormRefused, readMultipart } from '../../platform/web/form-data.ts';
import { checkCsrf } from '../../platform/web/plugin.ts';
import { acceptAttachment } from './attachments.ts';
import { MAX_ATTACHMENTS, MAX_NAMED } from './letter.ts';
import { submit, type SubmissionInput } from './submit.ts';

/** A letter's fields as typed, to show the form again. */
export type LetterFields = Record<string, string>;

type Attachments = NonNullable<SubmissionInput['attachments']>;

/** What came of a letter: its registry number, or the errors to show beside the form and the status. */
export type LetterOutcome = { sent: string } | { errors: FieldErrors; status: number };

/** The fields of an urlencoded letter (a form without files), each a text. */
function urlencodedFields(body: unknown): LetterFields {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

function letterInput(fields: LetterFields): SubmissionInput {
  return {
    kind: fields.kind,
    topic: fields.topic,
    subject: fields.subject,
    body: fields.body,
    meeting: fields.meeting,
    protectIdentity: fields.protectIdentity,
    named: Array.from({ length: MAX_NAMED }, (_, i) => ({
      name: fields[`named${i}Name`],
      serviceNumber: fields[`named${i}ServiceNumber`],
    })),
  };
}

/**
 * The letter's fields, with its attachments accepted into `attachments` as they come (the form puts
 * the files last, so the CSRF token and the writer are checked before any file is read). A file
 * refused (too large, of a type not taken) is `failure`; the rest of the body is still read.
 */
async function readLetter(
  platform: Platform,
  request: FastifyRequest,
  attachments: Attachments,
): Promise<{ fields: LetterFields; failure?: unknown }> {
  if (!request.isMultipart()) {
    const fields = urlencodedFields(request.body);
    checkCsrf(request, fields._csrf);
    return { fields };
  }
  let failure: unknown;
  const { fields } = await readMultipart(request, {
    fileField: 'attachments',
    async onFile(file, sent) {
      checkCsrf(request, sent._csrf);
      if (failure || !file.filename || attachments.length > MAX_ATTACHMENTS) return;
      try {
        attachments.push(await acceptAttachment(platform, request.actor, file.file, file.filename));
      } catch (error) {
        failure = error;
      }
    },
  });
  checkCsrf(request, fields._csrf);
  return { fields, failure };
}

/** A refused attachment as the form shows it; anything else goes on to the error handler. */
function refusedFile(request: FastifyRequest, failure: unknown, maxFileMb: number): LetterOutcome {
  if (failure instanceof TooLarge)
    return { errors: { attachments: request.t('voice.error.attachmentTooLarge', { mb: maxFileMb }) }, status: 413 };
  if (failure instanceof UnsupportedType)
    return { errors: { attachments: request.t('voice.error.attachmentType') }, status: 415 };
  throw failure;
}

/**
 * Reads the officer's letter with its attachments and files it. The attachments of a refused
 * letter are taken back before the answer goes out.
 */
export async function sendLetter(
  platform: Platform,
  request: FastifyRequest,
  maxFileMb: number,
): Promise<{ fields: LetterFields; outcome: LetterOutcome }> {
  let fields: LetterFields = {};
  const outcome = await platform.blobs.batch(async (files): Promise<LetterOutcome> => {
    const attachments: Attachments = [];
    let read: Awaited<ReturnType<typeof readLetter>>;
    try {
      read = await readLetter(platform, request, attachments);
    } catch (error) {
      if (!(error instanceof FormRefused)) throw error;
      fields = error.fields;
      return { errors: translateProblems(request.t, error.problems), status: 400 };
    }
    fields = read.fields;
    if (read.failure) return refusedFile(request, read.failure, maxFileMb);
    try {
      const done = await submit(platform, request.actor, { ...letterInput(fields), attachments });
      files.recorded();
      return { sent: done.registryNumber };
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      return { errors: translateProblems(request.t, error.problems), status: 400 };
    }
  });
  return { fields, outcome };
}
