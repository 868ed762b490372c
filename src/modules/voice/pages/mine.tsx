import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { SubmissionRow } from '../store.ts';
import { SubmissionList } from './parts.tsx';

/** /voice: an officer's own letters to the IG's office. */
export function MySubmissionsPage({ page, rows, now }: { page: PageContext; rows: SubmissionRow[]; now: Date }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('voice.mine.title')}>
      <h1>{t('voice.mine.title')}</h1>
      <p>{t('voice.mine.intro')}</p>
      <p>
        <a class="button" href="/voice/new">
          {t('voice.mine.write')}
        </a>
      </p>
      <SubmissionList page={page} rows={rows} now={now} base="/voice" none={t('voice.mine.none')} />
    </Layout>
  );
}
