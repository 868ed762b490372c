import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { BadInput, DomainError, type FieldProblem } from '../http/errors.ts';

/**
 * Reading what a request sends, in one place: every field once (a repeated field is a 400 naming
 * it, unless the route lists it as repeatable), no NUL in a query or a path, page numbers that
 * are page numbers, and multipart bodies whose damage is a 400 rather than a crash.
 */

/** The largest page number any list accepts (`?page=`). */
export const MAX_PAGE = 100_000;

/** A form refused as it was read; `fields` holds what was typed, to show the form again. */
export class FormRefused extends BadInput {
  constructor(
    problems: FieldProblem[],
    readonly fields: Record<string, string>,
  ) {
    super(problems);
  }
}

/**
 * Problems with parsed name/value pairs (a query string or an urlencoded form): a name sent more
 * than once that is not in `lists`; with `noNul`, a NUL character; a `page` that is not a page number.
 */
export function fieldProblems(
  values: unknown,
  lists: readonly string[],
  checks: { noNul?: boolean; page?: boolean } = {},
): FieldProblem[] {
  if (typeof values !== 'object' || values === null) return [];
  const problems: FieldProblem[] = [];
  for (const [field, value] of Object.entries(values as Record<string, unknown>)) {
    if (Array.isArray(value) && !lists.includes(field)) {
      problems.push({ field, message: 'error.repeatedField', params: { field } });
      continue;
    }
    const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (checks.noNul && texts.some((t) => t.includes('\u0000'))) {
      problems.push({ field, message: 'error.nulCharacter', params: { field } });
      continue;
    }
    if (checks.page && field === 'page' && typeof value === 'string' && value !== '' && !isPageNumber(value)) {
      problems.push({ field, message: 'error.pageNumber', params: { field, max: MAX_PAGE } });
    }
  }
  return problems;
}

function isPageNumber(value: string): boolean {
  return /^[1-9]\d{0,5}$/.test(value) && Number(value) <= MAX_PAGE;
}

export interface MultipartOptions {
  /** Fields that may be sent more than once; their values, in order, are in `lists`. */
  lists?: readonly string[];
  /** The form's file field, named in a refusal of too many files or of a file cut short. */
  fileField: string;
  /**
   * Each file, in order, with the fields sent before it. What it leaves unread is drained. Files
   * after a field problem are drained without it.
   */
  onFile(file: MultipartFile, fields: Record<string, string>): Promise<void>;
}

export interface MultipartForm {
  fields: Record<string, string>;
  lists: Record<string, string[]>;
}

/** Limits of @fastify/multipart that say the body is too large (413) rather than malformed. */
const tooLargeCodes = new Set(['FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT', 'FST_REQ_FILE_TOO_LARGE']);

/**
 * Reads a multipart form in the order it was sent. A damaged or cut-short body (FormRefused
 * naming the part it broke in), a repeated or oversized field (naming it) and too many files
 * (naming the file field) are 400s; size limits are 413s. Errors of `onFile` itself (a refused
 * file, a CSRF failure) pass through as they are.
 */
export async function readMultipart(request: FastifyRequest, options: MultipartOptions): Promise<MultipartForm> {
  const lists = options.lists ?? [];
  const fields: Record<string, string> = {};
  const listed: Record<string, string[]> = Object.fromEntries(lists.map((name) => [name, []]));
  const problems: FieldProblem[] = [];
  const iterator = request.parts()[Symbol.asyncIterator]();
  let current = 'body';
  for (;;) {
    let next: IteratorResult<Awaited<ReturnType<typeof iterator.next>>['value']>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw refusedBody(error, current, options.fileField, fields);
    }
    if (next.done) break;
    const part = next.value;
    current = part.fieldname;
    if (part.type === 'field') {
      const value = typeof part.value === 'string' ? part.value : String(part.value ?? '');
      if (part.valueTruncated)
        problems.push({ field: part.fieldname, message: 'error.fieldTooLarge', params: { field: part.fieldname } });
      else if (lists.includes(part.fieldname)) listed[part.fieldname]!.push(value);
      else if (Object.hasOwn(fields, part.fieldname)) {
        if (!problems.some((p) => p.field === part.fieldname))
          problems.push({ field: part.fieldname, message: 'error.repeatedField', params: { field: part.fieldname } });
      } else fields[part.fieldname] = value;
      continue;
    }
    const file = part as MultipartFile;
    if (problems.length > 0) {
      file.file.resume();
      continue;
    }
    let cut: unknown;
    file.file.on('error', (error) => (cut ??= error));
    try {
      await options.onFile(file, fields);
    } catch (error) {
      // the body broke inside this file (the stream may carry the error without having emitted it)
      const broken = cut ?? file.file.errored;
      if (broken && !(error instanceof DomainError)) throw refusedBody(broken, current, options.fileField, fields);
      throw error;
    }
    if (!file.file.readableEnded) file.file.resume();
  }
  if (problems.length > 0) throw new FormRefused(problems, fields);
  return { fields, lists: listed };
}

/** What a multipart parsing error becomes: 413 for a size limit, otherwise a 400 naming where it broke. */
function refusedBody(error: unknown, part: string, fileField: string, fields: Record<string, string>): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && tooLargeCodes.has(code)) return error;
  if (code === 'FST_FILES_LIMIT')
    return new FormRefused([{ field: fileField, message: 'error.tooManyFiles', params: { field: fileField } }], fields);
  return new FormRefused([{ field: part, message: 'error.malformedForm', params: { field: part } }], fields);
}
