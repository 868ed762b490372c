import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { voiceKinds } from '../letter.ts';
import type { SubmissionRow } from '../store.ts';
import { SubmissionList } from './parts.tsx';

interface Filters {
  kind?: string | undefined;
  waiting: boolean;
  escalated: boolean;
}

/** The inbox's filters: kind, waiting for acknowledgement, escalated. */
function InboxFilters({ page, kind, waiting, escalated }: Filters & { page: PageContext }) {
  const { t } = page;
  return (
    <form method="get" action="/staff/voice" class="filters">
      <div class="field">
        <label for="kind">{t('voice.new.kind')}</label>
        <select id="kind" name="kind">
          <option value="">{t('voice.inbox.allKinds')}</option>
          {voiceKinds.map((k) => (
            <option value={k} selected={k === kind}>
              {t(`voice.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field checkbox">
        <input type="checkbox" id="waiting" name="waiting" value="yes" checked={waiting} />
        <label for="waiting">{t('voice.inbox.waiting')}</label>
      </div>
      <div class="field checkbox">
        <input type="checkbox" id="escalated" name="escalated" value="yes" checked={escalated} />
        <label for="escalated">{t('voice.inbox.escalated')}</label>
      </div>
      <button type="submit" class="button secondary">
        {t('voice.inbox.show')}
      </button>
    </form>
  );
}

/** /staff/voice: the registry's inbox, unacknowledged and overdue first. */
export function InboxPage({
  page,
  rows,
  now,
  ...filters
}: Filters & {
  page: PageContext;
  rows: SubmissionRow[];
  now: Date;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('voice.inbox.title')}>
      <h1>{t('voice.inbox.title')}</h1>
      <InboxFilters page={page} {...filters} />
      <SubmissionList page={page} rows={rows} now={now} base="/staff/voice" none={t('voice.inbox.none')} />
    </Layout>
  );
}
