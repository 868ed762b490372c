import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import { formatDateTimeWithZone, type Locale, type Translate } from '../../../platform/i18n/index.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { entryOf } from '../book.ts';
import { formatObNumber } from '../ob-number.ts';
import { stationExists } from '../read-store.ts';
import { slipCode } from '../service.ts';
import { SlipPage, type OtherLanguage, type SlipView } from './page.tsx';
import { slipPdf, type SlipFreeText } from './pdf.ts';
import { slipSms } from './sms.ts';

const SlipParams = Type.Object({
  station: Type.String({ maxLength: 64 }),
  day: Type.String({ maxLength: 10 }),
  number: Type.String({ maxLength: 7 }),
});
const SlipQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** The address of the check with the slip's station, number and code filled in. */
export function verifyLink(platform: Platform, station: string, obNumber: string, code: string): string {
  const query = new URLSearchParams({ station, ob: obNumber, code });
  return `${platform.config.publicUrl}/ob/verify?${query.toString()}`;
}

/** /report filled in for a demand for money at the slip's station, about this slip (its OB number). */
function reportLink(platform: Platform, t: Translate, station: string, obNumber: string): SlipView['report'] {
  const query = new URLSearchParams({
    category: 'bribery_extortion',
    station,
    about: `${t('ob.slip.title')} OB ${obNumber}`,
  });
  const href = `/report?${query.toString()}`;
  return { href, url: `${platform.config.publicUrl}${href}` };
}

/** The language the free notice says it in after the page's. */
function otherLanguage(platform: Platform, locale: Locale): OtherLanguage {
  const other = locale === 'sw' ? 'en' : 'sw';
  return { locale: other, t: platform.i18n.translator(other) };
}

const languageTag = (locale: Locale) => (locale === 'sw' ? 'sw-KE' : 'en-KE');

/** What the slip PDF says about free documents, in one language. */
function freeText(platform: Platform, t: Translate, locale: Locale): SlipFreeText {
  return {
    language: languageTag(locale),
    ask: `${t('ob.slip.free')} ${t('ob.slipFree.askAt', { url: `${platform.config.publicUrl}/documents` })}`,
    report: t('ob.slipFree.reportAt'),
  };
}

/** The slip of an entry, for whoever may read the entry (its station's desk, oversight, investigators through cases). */
async function slipOf(
  platform: Platform,
  request: FastifyRequest,
  params: { station: string; day: string; number: string },
): Promise<SlipView> {
  requireStaff(request);
  if (!/^[1-9]\d{0,6}$/.test(params.number)) throw new NotFound();
  const entry = await entryOf(platform, request.actor, params.station, params.day, Number(params.number));
  const station = (await stationExists(platform.db.pool, entry.station_id)) ?? { id: entry.station_id, name: '' };
  const obNumber = formatObNumber(entry);
  const code = slipCode(platform.config.secret, entry.id);
  const verifyUrl = verifyLink(platform, station.id, obNumber, code);
  const base = `/staff/ob/${encodeURIComponent(station.id)}/entries/${entry.day}/${entry.number}/slip`;
  return {
    station,
    day: entry.day,
    obNumber,
    recordedAt: entry.recorded_at,
    code,
    verifyUrl,
    verifyPage: `${platform.config.publicUrl}/ob/verify`,
    report: reportLink(platform, request.t, station.id, obNumber),
    sms: await slipSms(
      platform,
      { stationId: station.id, obNumber, recordedAt: entry.recorded_at, slipCode: code },
      request.locale,
    ),
    pdfHref: `${base}.pdf`,
  };
}

/** The complainant's slip: a printable page and a PDF. */
export const slipRoutes: RoutePlugin = {
  area: 'staff',
  prefix: '/staff/ob',
  register(scope, platform) {
    scope.get(
      '/:station/entries/:day/:number/slip',
      { schema: { params: SlipParams, querystring: SlipQuery } },
      async (request, reply) => {
        const slip = await slipOf(platform, request, request.params);
        return reply.html(
          h(SlipPage, {
            page: request.pageContext(),
            other: otherLanguage(platform, request.locale),
            slip,
            fresh: request.query.done === 'recorded',
          }),
        );
      },
    );

    scope.get('/:station/entries/:day/:number/slip.pdf', { schema: { params: SlipParams } }, async (request, reply) => {
      const slip = await slipOf(platform, request, request.params);
      const t = request.t;
      const other = otherLanguage(platform, request.locale);
      const pdf = await slipPdf({
        title: t('ob.slip.title'),
        station: slip.station.name,
        obNumber: slip.obNumber,
        lines: [[t('ob.slip.recordedAt'), formatDateTimeWithZone(request.locale, slip.recordedAt)]],
        codeLabel: t('ob.slip.codeLabel'),
        code: slip.code,
        how: t('ob.slip.howPdf'),
        verifyUrl: slip.verifyUrl,
        verifyPage: slip.verifyPage,
        language: languageTag(request.locale),
        date: slip.recordedAt,
        free: {
          title: t('ob.slipFree.title'),
          texts: [freeText(platform, t, request.locale), freeText(platform, other.t, other.locale)],
          reportUrl: slip.report.url,
          qrAlt: t('ob.slipFree.qrAlt'),
        },
      });
      const file = `OB-${slip.obNumber.replace(/\//g, '-')}-slip.pdf`;
      return reply
        .header('content-disposition', `attachment; filename="${file}"`)
        .header('cache-control', 'no-store')
        .type('application/pdf')
        .send(Buffer.from(pdf));
    });
  },
};
