import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type ComponentChild } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../platform/auth/plugin.ts';
import { BadInput } from '../../platform/http/errors.ts';
import { sendStoredFile } from '../../platform/http/files.ts';
import type { RoutePlugin, RouteScope } from '../../platform/http/routes.ts';
import type { Platform } from '../../platform/module.ts';
import { receiptPdf, type SignedReceipt } from '../registry/index.ts';
import { answerForm, formBody } from '../../platform/web/form-action.ts';
import type { FieldErrors } from '../../platform/web/forms.tsx';
import type { CaseSource } from '../cases/index.ts';
import { CaseLetter } from './pages/case-letter.tsx';
import { InboxPage } from './pages/inbox.tsx';
import { MySubmissionsPage } from './pages/mine.tsx';
import { NewSubmissionPage } from './pages/new-submission.tsx';
import { SubmissionPage } from './pages/submission.tsx';
import * as voice from './index.ts';
import { sendLetter } from './letter-form.ts';

const Letter = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Attachment = Type.Object({ id: Type.String({ maxLength: 64 }), n: Type.String({ maxLength: 16 }) });
const Done = Type.Object({ done: Type.Optional(Type.String({ maxLength: 100 })) });
const InboxQuery = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 100 })),
  waiting: Type.Optional(Type.String({ maxLength: 100 })),
  escalated: Type.Optional(Type.String({ maxLength: 100 })),
});
const DecisionBody = formBody({ outcome: 100, effectiveDate: 100, reasons: 4 * voice.MAX_REASONS, referredTo: 800 });
const AssignBody = formBody({ unit: 100 });
const RevealBody = formBody({ reason: 4 * voice.MAX_REVEAL_REASON });

/** One attachment of a letter, for its writer (under /voice) or a reader behind its walls (under /staff/voice). */
function attachmentRoute(scope: RouteScope, platform: Platform): void {
  scope.get('/:id/attachments/:n', { schema: { params: Attachment } }, async (request, reply) => {
    requireStaff(request);
    const { id, n } = request.params;
    return sendStoredFile(reply, platform.blobs, await voice.attachmentOf(platform, request.actor, id, n));
  });
}

/** The letter's page, with a notice for what was just done (`?done=`) when it is one of `notices`. */
async function letterPage(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  done: { key: string | undefined; notices: readonly string[] },
): Promise<FastifyReply> {
  requireStaff(request);
  const now = platform.clock.now();
  const view = await voice.viewSubmission(platform, request.actor, id, now);
  const notice = done.key && done.notices.includes(done.key) ? request.t(`voice.done.${done.key}`) : undefined;
  return reply.html(h(SubmissionPage, { page: request.pageContext(), view, now, notice }));
}

/** The writer's own letter's signed receipt; anyone else's is refused. */
async function receiptOf(platform: Platform, request: FastifyRequest, id: string) {
  requireStaff(request);
  const view = await voice.viewSubmission(platform, request.actor, id);
  if (!view.mine) throw new BadInput([{ field: 'id', message: 'voice.error.notYours' }]);
  return { receipt: view.submission.receipt as unknown as SignedReceipt, kind: view.submission.kind };
}

function receiptRoutes(scope: RouteScope, platform: Platform): void {
  scope.get('/:id/receipt.json', { schema: { params: Letter } }, async (request, reply) => {
    const { receipt } = await receiptOf(platform, request, request.params.id);
    return reply
      .header('content-disposition', `attachment; filename="${receipt.registryNumber}-receipt.json"`)
      .type('application/json')
      .send(JSON.stringify(receipt, null, 2));
  });

  scope.get('/:id/receipt.pdf', { schema: { params: Letter } }, async (request, reply) => {
    const { receipt, kind } = await receiptOf(platform, request, request.params.id);
    const pdf = await receiptPdf(receipt, {
      title: request.t('voice.receipt.pdfTitle'),
      verifyUrl: `${platform.config.publicUrl}/verify`,
      lines: [request.t(`voice.kind.${kind}`)],
      language: request.locale === 'sw' ? 'sw-KE' : 'en-KE',
    });
    return reply
      .header('content-disposition', `attachment; filename="${receipt.registryNumber}-receipt.pdf"`)
      .type('application/pdf')
      .send(Buffer.from(pdf));
  });
}

/** A case opened for a letter links to it, for readers the letter's own walls let through. */
export const letterOnCase: CaseSource = {
  async render(given, page, c) {
    const letter = await voice.letterOfCase(given, page.actor, c.reference);
    return letter ? h(CaseLetter, { page, ...letter }) : null;
  },
};

/**
 * Officers' own letters under /voice. Each handler asks for a signed-in staff member itself, so
 * the public is answered 401 here rather than sent to sign in.
 */
export const officerRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/voice',
  register(scope, platform) {
    const maxFileMb = Math.floor(platform.config.evidenceMaxBytes / 1024 / 1024);

    scope.get('', async (request, reply) => {
      requireStaff(request);
      const now = platform.clock.now();
      const rows = await voice.mySubmissions(platform, request.actor, now);
      return reply.html(h(MySubmissionsPage, { page: request.pageContext(), rows, now }));
    });

    scope.get('/new', async (request, reply) => {
      requireStaff(request);
      return reply.html(h(NewSubmissionPage, { page: request.pageContext(), values: {}, errors: {}, maxFileMb }));
    });

    // multipart (attachments) or urlencoded: read by sendLetter, which checks the CSRF token itself
    scope.post('', { config: { csrf: 'manual' } }, async (request, reply) => {
      requireStaff(request);
      const { fields, outcome } = await sendLetter(platform, request, maxFileMb);
      if ('sent' in outcome) return reply.redirect(`/voice/${outcome.sent}?done=sent`, 303);
      const page = h(NewSubmissionPage, {
        page: request.pageContext(),
        values: fields,
        errors: outcome.errors,
        maxFileMb,
      });
      return reply.html(page, outcome.status);
    });

    attachmentRoute(scope, platform);
    scope.get('/:id', { schema: { params: Letter, querystring: Done } }, async (request, reply) =>
      letterPage(platform, request, reply, request.params.id, {
        key: request.query.done,
        notices: ['sent', 'withdrawn'],
      }),
    );

    scope.post('/:id/withdraw', { schema: { params: Letter, body: formBody({}) } }, async (request, reply) => {
      requireStaff(request);
      const { id } = request.params;
      await voice.withdrawResignation(platform, request.actor, id);
      return reply.redirect(`/voice/${id}?done=withdrawn`, 303);
    });

    receiptRoutes(scope, platform);
  },
};

/** The letter's staff page again, after a form on it was refused: the errors beside what was typed. */
function letterAgain(
  platform: Platform,
  request: FastifyRequest,
  id: string,
  values: Record<string, string | undefined>,
): (errors: FieldErrors) => Promise<ComponentChild> {
  return async (errors) => {
    const now = platform.clock.now();
    const view = await voice.viewSubmission(platform, request.actor, id, now);
    return h(SubmissionPage, { page: request.pageContext(), view, now, errors, values });
  };
}

/** The registry's forms on a letter: decide a resignation, assign to a unit, tell the unit who wrote it. */
function letterForms(scope: RouteScope, platform: Platform): void {
  scope.post('/:id/decision', { schema: { params: Letter, body: DecisionBody } }, async (request, reply) => {
    requireStaff(request);
    const { id } = request.params;
    const action = () => voice.decideResignation(platform, request.actor, id, request.body);
    return answerForm(request, reply, {
      action: async () => (await action(), `/staff/voice/${id}?done=decided`),
      showAgain: letterAgain(platform, request, id, request.body),
    });
  });
  scope.post('/:id/assign', { schema: { params: Letter, body: AssignBody } }, async (request, reply) => {
    requireStaff(request);
    const { id } = request.params;
    const action = () => voice.assignToUnit(platform, request.actor, id, request.body);
    return answerForm(request, reply, {
      action: async () => (await action(), `/staff/voice/${id}?done=assigned`),
      showAgain: letterAgain(platform, request, id, request.body),
    });
  });
  scope.post('/:id/reveal', { schema: { params: Letter, body: RevealBody } }, async (request, reply) => {
    requireStaff(request);
    const { id } = request.params;
    const action = () => voice.revealIdentity(platform, request.actor, id, request.body);
    return answerForm(request, reply, {
      action: async () => (await action(), `/staff/voice/${id}?done=revealed`),
      showAgain: letterAgain(platform, request, id, request.body),
    });
  });
}

/** The IG's office registry, the units and the NPSC liaison: letters under /staff/voice, each behind its walls. */
export const registryRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/voice',
  register(scope, platform) {
    scope.get('', { schema: { querystring: InboxQuery } }, async (request, reply) => {
      requireStaff(request);
      const { query } = request;
      const kind = voice.voiceKinds.find((k) => k === query.kind);
      const waiting = query.waiting === 'yes';
      const escalated = query.escalated === 'yes';
      const now = platform.clock.now();
      const rows = await voice.inbox(platform, request.actor, { kind, waiting, escalated }, now);
      return reply.html(h(InboxPage, { page: request.pageContext(), rows, now, kind, waiting, escalated }));
    });

    attachmentRoute(scope, platform);
    scope.get('/:id', { schema: { params: Letter, querystring: Done } }, async (request, reply) =>
      letterPage(platform, request, reply, request.params.id, {
        key: request.query.done,
        notices: ['acknowledged', 'decided', 'assigned', 'revealed'],
      }),
    );

    scope.post('/:id/acknowledge', { schema: { params: Letter, body: formBody({}) } }, async (request, reply) => {
      requireStaff(request);
      const { id } = request.params;
      await voice.acknowledge(platform, request.actor, id);
      return reply.redirect(`/staff/voice/${id}?done=acknowledged`, 303);
    });

    letterForms(scope, platform);
  },
};
