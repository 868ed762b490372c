import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { Type } from 'typebox';
import type { RoutePlugin } from '../../../platform/http/routes.ts';
import type { Platform } from '../../../platform/module.ts';
import { qrSvg } from '../../../platform/web/qr-svg.ts';
import { noticeLookup } from '../routes/notice-lookup.ts';
import { noticeLink } from '../service.ts';
import { ReceiptPage, type ReceiptView } from './page.tsx';
import { receiptPdf } from './pdf.ts';
import { receiptByLink, receiptHref, type NoticeReceipt } from './service.ts';

const Params = Type.Object({ number: Type.String({ maxLength: 20 }), token: Type.String({ maxLength: 64 }) });
type Link = { number: string; token: string };

function viewOf({ notice, receipt }: NoticeReceipt): ReceiptView {
  return {
    number: receipt.number,
    noticeNumber: notice.number,
    registration: notice.vehicle_registration,
    driverName: notice.driver_name,
    stationName: notice.station_name,
    amountCents: Number(receipt.amount_cents),
    paidAt: receipt.paid_at,
    issuedAt: receipt.issued_at,
    payments: receipt.payments.map((p) => ({
      channel: p.channel,
      reference: p.reference,
      amountCents: Number(p.credited_cents),
    })),
    seal: receipt.seal,
  };
}

/** Like the notice's own page: the link is a secret, so never cached nor sent on as a referrer. */
const privately = (reply: FastifyReply) =>
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

async function page(platform: Platform, request: FastifyRequest, { number, token }: Link) {
  const receipt = viewOf(await receiptByLink(platform, number, token));
  const svg = qrSvg(receipt.seal, { mode: 'alphanumeric', errorCorrection: 'Q', margin: 2 });
  const href = receiptHref(number, token);
  return h(ReceiptPage, {
    page: request.pageContext(),
    receipt,
    qrSvg: svg,
    noticeHref: noticeLink(number, token),
    pdfHref: `${href}.pdf`,
  });
}

/** /fines/<number>/<token>/receipt and receipt.pdf: a paid notice's signed receipt (404 until it is paid in full). */
export const receiptPageRoutes: RoutePlugin = {
  area: 'public',
  prefix: '/fines',
  register(scope, platform) {
    const lookup = noticeLookup(platform, 'params');
    scope.get('/:number/:token/receipt', { ...lookup, schema: { params: Params } }, async (request, reply) =>
      privately(reply).html(await page(platform, request, request.params)),
    );

    scope.get('/:number/:token/receipt.pdf', { ...lookup, schema: { params: Params } }, async (request, reply) => {
      const receipt = viewOf(await receiptByLink(platform, request.params.number, request.params.token));
      const pdf = await receiptPdf(receipt, request.locale, request.t, `${platform.config.publicUrl}/documents/verify`);
      return privately(reply)
        .header('content-disposition', `attachment; filename="traffic-fine-receipt-${receipt.noticeNumber}.pdf"`)
        .type('application/pdf')
        .send(Buffer.from(pdf));
    });
  },
};
