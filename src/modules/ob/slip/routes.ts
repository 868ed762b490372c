import type { FastifyRequest } from 'fastify';
import { h } from 'preact';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { requireStaff } from '../../../platform/auth/plugin.ts';
import { NotFound } from '../../../platform/http/errors.ts';
import { formatDateTimeWithZone } from '../../../platform/i18n/index.ts';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { entryOf } from '../book.ts';
import { formatObNumber } from '../ob-number.ts';
import { stationExists } from '../read-store.ts';
import { slipCode } from '../service.ts';
import { SlipPage, type SlipView } from './page.tsx';
import { slipPdf } from './pdf.ts';
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
  const qr = await QRCode.toString(verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return {
    station,
    day: entry.day,
    obNumber,
    recordedAt: entry.recorded_at,
    code,
    verifyUrl,
    verifyPage: `${platform.config.publicUrl}/ob/verify`,
    qr: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
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
        return reply.html(h(SlipPage, { page: request.pageContext(), slip, fresh: request.query.done === 'recorded' }));
      },
    );

    scope.get('/:station/entries/:day/:number/slip.pdf', { schema: { params: SlipParams } }, async (request, reply) => {
      const slip = await slipOf(platform, request, request.params);
      const t = request.t;
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
        language: request.locale === 'sw' ? 'sw-KE' : 'en-KE',
        date: slip.recordedAt,
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
