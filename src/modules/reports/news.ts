import type { Queryable } from '../../platform/db/database.ts';
import type { Platform } from '../../platform/module.ts';
import { queueSms } from '../../platform/sms/index.ts';
import type { ReporterNews } from '../cases/index.ts';
import * as store from './store.ts';

/**
 * A reporter who gave a number hears by SMS that their case has news, in the transaction that records it. The
 * message never says what the report is about (the phone may not be theirs alone): only where to follow it.
 */
export const reportNews: ReporterNews = {
  async tell(platform: Platform, client: Queryable, c: { id: string; reference: string }) {
    const report = await store.findReportByCase(client, c.id);
    if (!report?.contact_phone) return;
    const language = report.language === 'sw' ? 'sw' : 'en';
    const at = platform.clock.now();
    await queueSms(platform, client, {
      key: `reports.news:${c.id}:${at.getTime()}`,
      purpose: 'reports.news',
      to: report.contact_phone,
      body: platform.i18n.translator(language)('reports.sms.news', {
        reference: c.reference,
        url: `${platform.config.publicUrl}/follow`,
      }),
      language,
    });
  },
};
