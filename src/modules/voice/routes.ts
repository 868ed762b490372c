import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { requireStaff } from '../../platform/auth/plugin.ts';
import { BadInput, TooLarge, UnsupportedType } from '../../platform/http/errors.ts';
import { sendStoredFile } from '../../platform/http/files.ts';
import { checkCsrf } from '../../platform/web/plugin.ts';
import type { Platform } from '../../platform/module.ts';
import { receiptPdf, registerReceiptLookup, type SignedReceipt } from '../../platform/registry/index.ts';
import { translateProblems } from '../../platform/web/forms.tsx';
import { FormRefused, readMultipart } from '../../platform/web/form-data.ts';
import { registerCaseSource } from '../cases/index.ts';
import { CaseLetter, InboxPage, MySubmissionsPage, NewSubmissionPage, SubmissionPage } from './pages/voice.tsx';
import * as voice from './service.ts';
import type { VoiceKind } from './store.ts';

type Form = Record<string, string>;

function formBody(request: FastifyRequest): Form {
  return Object.fromEntries(
    Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : '',
    ]),
  );
}

function input(body: Form): voice.SubmissionInput {
  return {
    kind: body.kind,
    topic: body.topic,
    subject: body.subject,
    body: body.body,
    meeting: body.meeting,
    protectIdentity: body.protectIdentity,
    named: Array.from({ length: voice.MAX_NAMED }, (_, i) => ({
      name: body[`named${i}Name`],
      serviceNumber: body[`named${i}ServiceNumber`],
    })),
  };
}

export function registerVoiceRoutes(app: FastifyInstance, platform: Platform): void {
  const maxFileMb = Math.floor(platform.config.evidenceMaxBytes / 1024 / 1024);
  // The verification page checks a receipt's hash against the stored submission.
  registerReceiptLookup('IGR', (given, registryNumber) => voice.storedHash(given, registryNumber));
  // A case opened for a letter links to it, for readers the letter's own walls let through.
  registerCaseSource('voice', {
    async render(given, page, c) {
      const letter = await voice.letterOfCase(given, page.actor, c.reference);
      return letter ? h(CaseLetter, { page, ...letter }) : null;
    },
  });

  // Officers

  app.get('/voice', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request);
    const now = platform.clock.now();
    const rows = await voice.mySubmissions(platform, request.actor, now);
    return reply.html(h(MySubmissionsPage, { page: request.pageContext(), rows, now }));
  });

  app.get('/voice/new', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request);
    return reply.html(h(NewSubmissionPage, { page: request.pageContext(), values: {}, errors: {}, maxFileMb }));
  });

  /**
   * The letter, with attachments as multipart (the form puts the files last, so the CSRF token and
   * the writer are checked before any file is read); a form without files may come urlencoded.
   */
  app.post('/voice', { schema: { hide: true }, config: { csrf: 'manual' } }, async (request, reply) => {
    requireStaff(request);
    let body: Form = {};
    // the attachments of a refused letter are taken back before the answer goes out
    const outcome = await platform.blobs.batch(
      async (files): Promise<{ sent: string } | { errors: Record<string, string>; status: number }> => {
        const attachments: NonNullable<voice.SubmissionInput['attachments']> = [];
        let failure: unknown;
        if (!request.isMultipart()) {
          body = formBody(request);
          checkCsrf(request, body._csrf);
        } else {
          try {
            body = (
              await readMultipart(request, {
                fileField: 'attachments',
                async onFile(file, fields) {
                  checkCsrf(request, fields._csrf);
                  if (failure || !file.filename || attachments.length > voice.MAX_ATTACHMENTS) return;
                  try {
                    attachments.push(await voice.acceptAttachment(platform, request.actor, file.file, file.filename));
                  } catch (error) {
                    failure = error;
                  }
                },
              })
            ).fields;
          } catch (error) {
            if (!(error instanceof FormRefused)) throw error;
            body = error.fields;
            return { errors: translateProblems(request.t, error.problems), status: 400 };
          }
          checkCsrf(request, body._csrf);
        }
        if (failure instanceof TooLarge)
          return {
            errors: { attachments: request.t('voice.error.attachmentTooLarge', { mb: maxFileMb }) },
            status: 413,
          };
        if (failure instanceof UnsupportedType)
          return { errors: { attachments: request.t('voice.error.attachmentType') }, status: 415 };
        if (failure) throw failure;
        try {
          const done = await voice.submit(platform, request.actor, { ...input(body), attachments });
          files.recorded();
          return { sent: done.registryNumber };
        } catch (error) {
          if (!(error instanceof BadInput)) throw error;
          return { errors: translateProblems(request.t, error.problems), status: 400 };
        }
      },
    );
    if ('sent' in outcome) return reply.redirect(`/voice/${outcome.sent}?done=sent`, 303);
    return reply.html(
      h(NewSubmissionPage, { page: request.pageContext(), values: body, errors: outcome.errors, maxFileMb }),
      outcome.status,
    );
  });

  for (const base of ['/voice', '/staff/voice']) {
    app.get(`${base}/:id/attachments/:n`, { schema: { hide: true } }, async (request, reply) => {
      requireStaff(request);
      const { id, n } = request.params as { id: string; n: string };
      return sendStoredFile(reply, platform.blobs, await voice.attachmentOf(platform, request.actor, id, n));
    });
  }

  async function receiptOf(
    request: FastifyRequest,
  ): Promise<{ receipt: SignedReceipt; subject: string; kind: VoiceKind }> {
    requireStaff(request);
    const view = await voice.viewSubmission(platform, request.actor, (request.params as { id: string }).id);
    if (!view.mine) throw new BadInput([{ field: 'id', message: 'voice.error.notYours' }]);
    return {
      receipt: view.submission.receipt as unknown as SignedReceipt,
      subject: view.submission.subject,
      kind: view.submission.kind,
    };
  }

  app.get('/voice/:id', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request);
    const now = platform.clock.now();
    const view = await voice.viewSubmission(platform, request.actor, (request.params as { id: string }).id, now);
    const doneKey = (request.query as { done?: string }).done;
    const done = doneKey === 'sent' || doneKey === 'withdrawn' ? request.t(`voice.done.${doneKey}`) : undefined;
    return reply.html(h(SubmissionPage, { page: request.pageContext(), view, now, notice: done }));
  });

  app.post('/voice/:id/withdraw', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request);
    const id = (request.params as { id: string }).id;
    await voice.withdrawResignation(platform, request.actor, id);
    return reply.redirect(`/voice/${id}?done=withdrawn`, 303);
  });

  app.get('/voice/:id/receipt.json', { schema: { hide: true } }, async (request, reply) => {
    const { receipt } = await receiptOf(request);
    return reply
      .header('content-disposition', `attachment; filename="${receipt.registryNumber}-receipt.json"`)
      .type('application/json')
      .send(JSON.stringify(receipt, null, 2));
  });

  app.get('/voice/:id/receipt.pdf', { schema: { hide: true } }, async (request, reply) => {
    const { receipt, kind } = await receiptOf(request);
    const pdf = await receiptPdf(receipt, {
      title: request.t('voice.receipt.pdfTitle'),
      verifyUrl: `${platform.config.publicUrl}/verify`,
      lines: [request.t(`voice.kind.${kind}`)],
    });
    return reply
      .header('content-disposition', `attachment; filename="${receipt.registryNumber}-receipt.pdf"`)
      .type('application/pdf')
      .send(Buffer.from(pdf));
  });

  // The registry

  app.get('/staff/voice', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request);
    const query = request.query as { kind?: string; waiting?: string; escalated?: string };
    const kind = voice.voiceKinds.includes(query.kind as VoiceKind) ? (query.kind as VoiceKind) : undefined;
    const waiting = query.waiting === 'yes';
    const escalated = query.escalated === 'yes';
    const now = platform.clock.now();
    const rows = await voice.inbox(platform, request.actor, { kind, waiting, escalated }, now);
    return reply.html(h(InboxPage, { page: request.pageContext(), rows, now, kind, waiting, escalated }));
  });

  app.get('/staff/voice/:id', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request);
    const now = platform.clock.now();
    const view = await voice.viewSubmission(platform, request.actor, (request.params as { id: string }).id, now);
    const doneKey = (request.query as { done?: string }).done;
    const done = ['acknowledged', 'decided', 'assigned', 'revealed'].includes(doneKey ?? '')
      ? request.t(`voice.done.${doneKey}`)
      : undefined;
    return reply.html(h(SubmissionPage, { page: request.pageContext(), view, now, notice: done }));
  });

  app.post('/staff/voice/:id/acknowledge', { schema: { hide: true } }, async (request, reply) => {
    requireStaff(request);
    const id = (request.params as { id: string }).id;
    await voice.acknowledge(platform, request.actor, id);
    return reply.redirect(`/staff/voice/${id}?done=acknowledged`, 303);
  });

  /** A form on the letter's staff page: on bad input the page again with the errors, 400. */
  function letterForm(
    path: string,
    done: string,
    act: (actor: FastifyRequest['actor'], id: string, body: Form) => Promise<unknown>,
  ) {
    app.post(`/staff/voice/:id/${path}`, { schema: { hide: true } }, async (request, reply) => {
      requireStaff(request);
      const id = (request.params as { id: string }).id;
      const body = formBody(request);
      try {
        await act(request.actor, id, body);
        return reply.redirect(`/staff/voice/${id}?done=${done}`, 303);
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        const now = platform.clock.now();
        const view = await voice.viewSubmission(platform, request.actor, id, now);
        return reply.html(
          h(SubmissionPage, {
            page: request.pageContext(),
            view,
            now,
            errors: translateProblems(request.t, error.problems),
            values: body,
          }),
          400,
        );
      }
    });
  }
  letterForm('decision', 'decided', (actor, id, body) => voice.decideResignation(platform, actor, id, body));
  letterForm('assign', 'assigned', (actor, id, body) => voice.assignToUnit(platform, actor, id, body));
  letterForm('reveal', 'revealed', (actor, id, body) => voice.revealIdentity(platform, actor, id, body));
}
