import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { BadInput, DomainError, type FieldProblem } from '../http/errors.ts';
import { Layout } from './layout.tsx';

/**
 * Every failure answered the same way: JSON for programs (the api area, /api/, or a client that
 * asks for JSON only), a page in the reader's language for people; never a stack trace.
 */
export function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof BadInput) return sendError(request, reply, 400, error.code, error.problems);
  if (error instanceof DomainError) {
    const field = 'field' in error ? String((error as { field: unknown }).field) : undefined;
    return sendError(
      request,
      reply,
      error.status,
      error.code,
      field ? [{ field, message: `error.${error.code}` }] : [],
    );
  }
  if (error.validation) {
    return sendError(request, reply, 400, 'bad_input', validationProblems(error));
  }
  const refused = refusedData(request, error);
  if (refused) {
    request.log.warn(
      { code: (error as { code?: string }).code, field: refused.field },
      'the database refused a value the request sent',
    );
    return sendError(request, reply, 400, 'bad_input', [refused]);
  }
  if (isBrokenMultipart(request, error)) {
    return sendError(request, reply, 400, 'bad_input', [
      { field: 'body', message: 'error.malformedForm', params: { field: 'body' } },
    ]);
  }
  const status = error.statusCode ?? 500;
  if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') return sendError(request, reply, 413, 'too_large', []);
  if (status === 415) return sendError(request, reply, 415, 'unsupported_type', []);
  if (status === 429) return sendError(request, reply, 429, 'too_many_requests', []);
  if (
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (status === 400 && error instanceof SyntaxError)
  ) {
    return sendError(request, reply, 400, 'bad_input', [{ field: 'body', message: 'error.malformedJson' }]);
  }
  if (status >= 400 && status < 500) return sendError(request, reply, status, 'bad_request', []);
  request.log.error({ err: error }, 'request failed');
  return sendError(request, reply, 500, 'internal', []);
}

export function answerNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(request, reply, 404, 'not_found', []);
}

/**
 * A value PostgreSQL refused as data (class 22: a NUL character, a number out of range, text
 * that is not a number or a date) came from the request, which was then bad input: the failed
 * statement changed nothing. The field is named where it can be found (a NUL in a field).
 * Services should refuse such values first; this keeps a missed one from being a 500.
 */
function refusedData(request: FastifyRequest, error: FastifyError): FieldProblem | undefined {
  const code = (error as { code?: unknown }).code;
  if (
    typeof code !== 'string' ||
    !/^22[0-9A-Z]{3}$/.test(code) ||
    typeof (error as { severity?: unknown }).severity !== 'string'
  )
    return undefined;
  const sources: Array<[string, unknown]> = [
    ['', request.params],
    ['', request.query],
    ['', request.body],
  ];
  if (code === '22021' || code === '22P05') {
    const field = fieldHolding(sources, (text) => text.includes('\u0000'));
    return { field: field ?? 'body', message: 'error.nulCharacter', params: { field: field ?? 'body' } };
  }
  const field = fieldHolding(sources, (text) => /\d{16,}/.test(text)) ?? 'request';
  return { field, message: 'error.badValue', params: { field } };
}

/** The path of the first string (depth-first through objects and arrays) that `test` accepts. */
function fieldHolding(sources: Array<[string, unknown]>, test: (text: string) => boolean): string | undefined {
  const stack = [...sources].reverse();
  while (stack.length > 0) {
    const [path, value] = stack.pop()!;
    if (typeof value === 'string' || typeof value === 'number') {
      if (test(String(value))) return path || 'body';
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]): [string, unknown] => [
        path ? `${path}.${k}` : k,
        v,
      ]);
      stack.push(...entries.reverse());
    }
  }
  return undefined;
}

/**
 * A multipart body the parser could not read (cut short, a malformed part header): an Error
 * without a status from the parser, on a multipart request. Routes that read files with
 * readMultipart get a 400 naming the part; this covers any other reader.
 */
function isBrokenMultipart(request: FastifyRequest, error: FastifyError): boolean {
  if (error.statusCode !== undefined || (error as { code?: unknown }).code !== undefined || !request.isMultipart())
    return false;
  return /multipart|terminated early|unexpected end|malformed|boundary/i.test(error.message);
}

function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = typeof params.missingProperty === 'string' ? params.missingProperty : '';
    const field = [path, missing].filter(Boolean).join('.') || (error.validationContext ?? 'body');
    return { field, message: 'error.field', params: { detail: v.message ?? 'is not valid' } };
  });
}

function wantsJson(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.area === 'api' || request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  problems: FieldProblem[],
): FastifyReply {
  // a request that failed before onRequest ran (e.g. a bad URL) still gets a translated page
  const t = request.t ?? ((key: string) => key);
  const message = t(`error.${code}.title`);
  if (wantsJson(request)) {
    return reply.code(status).send({
      error: {
        code,
        message,
        fields: problems.map((p) => ({ field: p.field, message: t(p.message, p.params) })),
      },
    });
  }
  const page = request.actor ? request.pageContext() : undefined;
  if (!page) return reply.code(status).type('text/plain; charset=utf-8').send(message);
  return reply.html(
    h(Layout, {
      page,
      title: message,
      children: [
        h('h1', null, message),
        h('p', null, t(`error.${code}.body`)),
        problems.length > 0
          ? h(
              'ul',
              null,
              problems.map((p) => h('li', null, t(p.message, p.params))),
            )
          : null,
        h('p', null, h('a', { href: '/' }, t('layout.footer.home'))),
      ],
    }),
    status,
  );
}
