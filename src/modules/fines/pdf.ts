import {
  formatDate,
  formatDateTimeWithZone,
  formatMoney,
  type Locale,
  type Translate,
} from '../../platform/i18n/index.ts';
import { A4, colour, createPdf, drawQrAtMargin } from '../../platform/pdf/index.ts';
import type { ScheduledOffence } from '../../jurisdiction/kenya/index.ts';
import { printedNoticeNumber } from './notice-number.ts';
import type { NoticeView } from './pages/notice.tsx';

// A notice as a one-page tagged A4 PDF for the motorist: what it is for, how much, by when, the only
// paybill and account, never cash, and a QR code of the check that it is genuine.

export interface NoticePdfInput {
  notice: NoticeView;
  offences: ReadonlyMap<string, ScheduledOffence>;
  paybill: string;
  senderId: string;
  /** the public check, filled in with the notice's number and plate (absolute) */
  verifyUrl: string;
  locale: Locale;
}

const money = (locale: Locale, cents: number) => formatMoney(locale, cents, 'KES');

type Writer = ReturnType<typeof createPdf>;

function offencesPart(w: Writer, input: NoticePdfInput, t: Translate): void {
  const { notice, locale } = input;
  const heading = notice.courtOffence
    ? t('fines.notice.status.court')
    : t('fines.notice.offences', { schedule: notice.scheduleVersion ?? '' });
  w.heading(heading, 12);
  if (notice.courtOffence) w.text(t('fines.notice.courtOffence', { offence: notice.courtOffence }), { size: 10 });
  for (const o of notice.offences) {
    const words = input.offences.get(o.code);
    const name = words ? (locale === 'sw' ? words.sw : words.en) : o.code;
    const amount = o.amountCents === 0 ? t('fines.issue.warning') : money(locale, o.amountCents);
    w.text(`${name} (${o.code}${o.quantity > 1 ? ` × ${o.quantity}` : ''}): ${amount}`, { size: 10, leading: 1.4 });
  }
  if (notice.offences.length > 0)
    w.text(`${t('fines.notice.total')}: ${money(locale, notice.amountCents)}`, { size: 11, bold: true, leading: 1.5 });
}

function factsPart(w: Writer, input: NoticePdfInput, t: Translate): void {
  const { notice, locale } = input;
  const officer = `${notice.officer.name}${notice.officer.serviceNumber ? ` (${notice.officer.serviceNumber})` : ''}`;
  const facts: Array<[string, string]> = [
    [t('fines.notice.vehicle'), notice.registration],
    [t('fines.notice.driver'), notice.driverName],
    [t('fines.notice.when'), formatDateTimeWithZone(locale, notice.offenceAt)],
    [t('fines.notice.where'), `${notice.place}, ${notice.county.name}`],
    [t('fines.notice.officer'), `${officer}, ${notice.station.name}`],
  ];
  for (const [label, value] of facts) w.text(`${label}: ${value}`, { size: 10, leading: 1.4 });
}

function payPart(w: Writer, input: NoticePdfInput, t: Translate): void {
  const { notice, locale } = input;
  const big = { size: 13, bold: true, leading: 1.4 };
  if (notice.status === 'unpaid') {
    w.gap(8);
    w.heading(t('fines.notice.howToPay'), 12);
    w.text(`${t('fines.notice.paybill')}: ${input.paybill}`, big);
    w.text(`${t('fines.notice.account')}: ${notice.number}`, big);
    w.text(`${t('fines.notice.amount')}: ${money(locale, notice.balanceCents)}`, big);
  }
  w.gap(4);
  const ruled = { leading: 1.4, rule: colour.brand, indent: 8 };
  w.text(t('fines.notice.noCash'), { ...ruled, size: 10.5, bold: true });
  w.text(t('fines.notice.sender', { sender: input.senderId, paybill: input.paybill }), { ...ruled, size: 10 });
}

function checkPart(w: Writer, input: NoticePdfInput, t: Translate): void {
  const size = (30 / 25.4) * 72;
  w.gap(8);
  w.need(size + 10);
  const below = drawQrAtMargin(w, input.verifyUrl, { size, alt: t('fines.pdf.qrAlt'), mode: 'byte' });
  w.text(t('fines.notice.checkGenuine'), { size: 10.5, bold: true, indent: size + 12, leading: 1.4 });
  w.text(input.verifyUrl, { size: 8.5, indent: size + 12, colour: colour.link, leading: 1.3 });
  below();
}

export function noticePdf(input: NoticePdfInput, t: Translate): Promise<Uint8Array> {
  const { notice, locale } = input;
  const title = t('fines.notice.title', { number: printedNoticeNumber(notice.number) });
  const w = createPdf(
    {
      title,
      subject: `${notice.registration}, ${notice.station.name}`,
      author: notice.station.name,
      language: locale === 'sw' ? 'sw-KE' : 'en-KE',
      date: new Date(notice.issuedAt),
    },
    { margin: 44 },
  );
  w.rect({ x: 0, y: A4[1] - 10, width: A4[0], height: 10, color: colour.brand });
  w.text(title, { size: 18, bold: true, leading: 1.25, tag: 'H1' });
  w.text(t(`fines.notice.status.${notice.status}`), { size: 12, bold: true, leading: 1.4 });
  if (notice.status === 'unpaid') {
    const due = formatDate(locale, notice.dueAt);
    w.text(t('fines.notice.toPay', { amount: money(locale, notice.balanceCents), due }), { size: 14, bold: true });
  }
  w.gap(6);
  offencesPart(w, input, t);
  w.gap(4);
  factsPart(w, input, t);
  payPart(w, input, t);
  checkPart(w, input, t);
  return w.save();
}
