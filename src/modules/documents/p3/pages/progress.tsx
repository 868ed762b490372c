import { formatDateTimeWithZone } from '../../../../platform/i18n/index.ts';
import type { PageContext } from '../../../../platform/web/page.ts';
import type { P3Progress } from '../service.ts';

/** For the requester's follow page: where their P3 form is (sent to a facility, completed), never its findings. */
export function P3ProgressNotice({ page, progress }: { page: PageContext; progress: P3Progress }) {
  const { t, locale } = page;
  const when = (d: Date) => formatDateTimeWithZone(locale, d);
  const facility = progress.facility ?? '';
  const text = progress.completedAt
    ? t('documents.p3.progress.completed', { facility, when: when(progress.completedAt) })
    : progress.sentAt
      ? t('documents.p3.progress.sent', { facility, when: when(progress.sentAt) })
      : t('documents.p3.progress.unsent');
  return (
    <section class="notice" aria-labelledby="p3-progress-title">
      <h3 id="p3-progress-title">{t('documents.p3.progress.title')}</h3>
      <p>{text}</p>
    </section>
  );
}
