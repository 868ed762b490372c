import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { lookupMissed } from '../../../platform/http/code-lookups.ts';
import { BadInput, type FieldProblem } from '../../../platform/http/errors.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { localDate, localTime } from '../../../platform/time/index.ts';
import { formBody } from '../../../platform/web/form-action.ts';
import { translateProblems } from '../../../platform/web/forms.tsx';
import { counties, offenceSchedules, stations, type ScheduledOffence } from '../../../jurisdiction/kenya/index.ts';
import { IssuePage } from '../pages/issue.tsx';
import { NoticePage } from '../pages/notice.tsx';
import { VerifyPage } from '../pages/verify.tsx';
import { scheduleOn } from '../schedule.ts';
import { checkNotice, contestNotice, issueNotice, issuesNotices, noticeByLink, noticeLink } from '../service.ts';
import { fineSettings } from '../settings.ts';
import { noticeJson } from '../view.ts';
import { noticePdf } from '../pdf.ts';
import { daraja } from '../payments.ts';
import { noticeLookup } from './notice-lookup.ts';
import { latestStk } from '../stk-store.ts';
import { darajaResultText } from '../../../platform/payments/daraja/index.ts';

const allCodes = [...new Set(offenceSchedules.flatMap((s) => s.offences.map((o) => o.code)))];
const IssueFields = {
  courtOffence: 2000,
  registration: 20,
  driverName: 400,
  licenceNumber: 80,
  driverPhone: 30,
  place: 600,
  county: 3,
  offenceAt: 40,
  language: 2,
  ...Object.fromEntries(
    allCodes.flatMap((code) => [
      [`offence.${code}`, 3],
      [`quantity.${code}`, 4],
    ]),
  ),
} as Record<string, number>;

/** The form's ticked boxes (`offence.<code>`) and counts (`quantity.<code>`) as the API's offence list. */
function offencesOfForm(body: Record<string, string | undefined>) {
  return allCodes
    .filter((code) => body[`offence.${code}`] === 'yes')
    .map((code) => ({ code, quantity: body[`quantity.${code}`] || undefined }));
}

/** Problems of single offences (`offences.2`) are shown on the offence list. */
const onTheForm = (problems: FieldProblem[]) =>
  problems.map((p) => (p.field.startsWith('offences.') ? { ...p, field: 'offences' } : p));

const offenceWords = () =>
  new Map<string, ScheduledOffence>(offenceSchedules.flatMap((s) => s.offences.map((o) => [o.code, o])));

function issueDefaults(platform: Platform, stationId: string | null, locale: string): Record<string, string> {
  const zone = platform.config.jurisdiction.timeZone;
  const now = platform.clock.now();
  const county = stations.find((s) => s.id === stationId)?.countyCode ?? '';
  return { county, offenceAt: `${localDate(now, zone)}T${localTime(now, zone)}`, language: locale };
}

function issuePage(
  platform: Platform,
  request: FastifyRequest,
  extra: { values: Record<string, string> } & Record<string, unknown>,
) {
  const schedule = scheduleOn(platform.clock.now(), platform.config.jurisdiction.timeZone) ?? offenceSchedules.at(-1)!;
  return h(IssuePage, { page: request.pageContext(), schedule, counties, errors: {}, ...extra });
}

/** /staff/fines/new: the officer's notice form, on a phone, without JavaScript. */
export const fineOfficerPageRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/fines',
  register(scope, platform) {
    scope.get('/new', async (request, reply) => {
      const who = requireStaff(request, issuesNotices);
      return reply.html(
        issuePage(platform, request, { values: issueDefaults(platform, who.stationId, request.locale) }),
      );
    });

    scope.post('/new', { schema: { body: formBody(IssueFields) } }, async (request, reply) => {
      requireStaff(request, issuesNotices);
      const body = request.body as Record<string, string | undefined>;
      const values = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf')) as Record<string, string>;
      try {
        const notice = await issueNotice(platform, request.actor, { ...body, offences: offencesOfForm(body) });
        const issued = { notice, sms: notice.sms, publicUrl: platform.config.publicUrl };
        return reply.html(issuePage(platform, request, { values: {}, issued }), 201);
      } catch (error) {
        if (!(error instanceof BadInput)) throw error;
        const errors = translateProblems(request.t, onTheForm(error.problems));
        return reply.html(issuePage(platform, request, { values, errors }), 400);
      }
    });
  },
};

const NoticeParams = Type.Object({ number: Type.String({ maxLength: 20 }), token: Type.String({ maxLength: 64 }) });
const VerifyFields = { number: 30, registration: 20 } as const;

async function verifyPage(platform: Platform, request: FastifyRequest, values: Record<string, string>, ask: boolean) {
  const { paybill, senderId } = platform.config.settings.of(fineSettings);
  const props = { page: request.pageContext(), values, errors: {}, paybill, senderId };
  if (!ask) return { node: h(VerifyPage, props), status: 200 };
  try {
    const result = (await checkNotice(platform, values)) ?? null;
    if (!result) lookupMissed(request);
    return { node: h(VerifyPage, { ...props, result }), status: 200 };
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    return { node: h(VerifyPage, { ...props, errors: translateProblems(request.t, error.problems) }), status: 400 };
  }
}

async function noticePage(platform: Platform, request: FastifyRequest, params: { number: string; token: string }) {
  const row = await noticeByLink(platform, params.number, params.token);
  const { paybill, senderId } = platform.config.settings.of(fineSettings);
  const latest = await latestStk(platform.db.pool, row.id);
  const words = latest && darajaResultText(latest.result_code);
  const push = latest && { status: latest.status, words: request.locale === 'sw' ? words!.sw : words!.en };
  return h(NoticePage, {
    push,
    mpesa: daraja(platform).enabled,
    page: request.pageContext(),
    notice: noticeJson(row),
    offences: offenceWords(),
    paybill,
    senderId,
    link: noticeLink(params.number, params.token),
    errors: {},
    values: {},
  });
}

/** /fines/verify: anyone checks a notice is genuine. */
export const finePublicPageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/fines',
  register(scope, platform) {
    scope.get(
      '/verify',
      {
        schema: {
          querystring: Type.Object({
            number: Type.Optional(Type.String({ maxLength: 30 })),
            registration: Type.Optional(Type.String({ maxLength: 20 })),
          }),
        },
      },
      async (request, reply) => {
        const values = { number: request.query.number ?? '', registration: request.query.registration ?? '' };
        const { node, status } = await verifyPage(platform, request, values, false);
        return reply.html(node, status);
      },
    );

    scope.post(
      '/verify',
      { ...noticeLookup(platform, 'body'), schema: { body: formBody(VerifyFields) } },
      async (request, reply) => {
        const values = { number: request.body.number ?? '', registration: request.body.registration ?? '' };
        const { node, status } = await verifyPage(platform, request, values, true);
        return reply.html(node, status);
      },
    );
  },
};

/** /fines/<number>/<key>: the motorist's own notice, its PDF, and contesting it. */
export const fineNoticePageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/fines',
  register(scope, platform) {
    scope.get(
      '/:number/:token',
      { ...noticeLookup(platform, 'params'), schema: { params: NoticeParams } },
      async (request, reply) =>
        reply
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .html(await noticePage(platform, request, request.params)),
    );

    scope.get(
      '/:number/:token/notice.pdf',
      { ...noticeLookup(platform, 'params'), schema: { params: NoticeParams } },
      async (request, reply) => {
        const row = await noticeByLink(platform, request.params.number, request.params.token);
        const notice = noticeJson(row);
        const { paybill, senderId } = platform.config.settings.of(fineSettings);
        const query = new URLSearchParams({ number: notice.number, registration: notice.registration });
        const pdf = await noticePdf(
          {
            notice,
            offences: offenceWords(),
            paybill,
            senderId,
            verifyUrl: `${platform.config.publicUrl}/fines/verify?${query.toString()}`,
            locale: row.language,
          },
          platform.i18n.translator(row.language),
        );
        return reply
          .header('content-disposition', `attachment; filename="traffic-notice-${notice.number}.pdf"`)
          .header('cache-control', 'no-store')
          .type('application/pdf')
          .send(Buffer.from(pdf));
      },
    );

    scope.post(
      '/:number/:token/contest',
      {
        ...noticeLookup(platform, 'params'),
        schema: { params: NoticeParams, body: formBody({ reason: 4000 }) },
      },
      async (request, reply) => {
        await contestNotice(platform, request.params.number, request.params.token, request.body.reason);
        return reply.redirect(noticeLink(request.params.number, request.params.token), 303);
      },
    );
  },
};
