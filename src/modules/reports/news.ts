import type { Queryable } from '../../platform/db/database.ts';
import { queueMail } from '../../platform/mail/index.ts';
import type { Platform } from '../../platform/module.ts';
import { queueSms } from '../../platform/sms/index.ts';
import type { ReporterNews } from '../cases/index.ts';
import * as store from './store.ts';

/**
 * A reporter who gave a number hears by SMS, and one who gave an e-mail address by e-mail, that their case has news,
 * in the transaction that records it. Neither says what the report is about (a phone or a mailbox may not be theirs
 * alone): only its reference and where to follow it.
 */
export const reportNews: ReporterNews = {
  async tell(platform: Platform, client: Queryable, c: { id: string; reference: string }) {
    const report = await store.findReportByCase(client, c.id);
    if (!report || (!report.contact_phone && !report.contact_email)) return;
    const language = report.language === 'sw' ? 'sw' : 'en';
    const t = platform.i18n.translator(language);
    const key = `reports.news:${c.id}:${platform.clock.now().getTime()}`;
    const said = { reference: c.reference, url: `${platform.config.publicUrl}/follow` };
    if (report.contact_phone)
      await queueSms(platform, client, {
        key,
        purpose: 'reports.news',
        to: report.contact_phone,
        body: t('reports.sms.news', said),
        language,
      });
    if (report.contact_email)
      await queueMail(platform, client, {
        key,
        purpose: 'reports.news',
        to: report.contact_email,
        subject: t('reports.mail.news.subject', said),
        text: t('reports.mail.news.text', said),
        language,
      });
  },
};
