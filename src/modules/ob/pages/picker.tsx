import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { ObStyles } from './parts.tsx';

export interface StationChoice {
  id: string;
  name: string;
}

/** Oversight readers (the IG's office, IAU, IPOA) choose which station's book to open; each read is audited. */
export function StationPickerPage({ page, stations }: { page: PageContext; stations: StationChoice[] }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('ob.picker.title')}>
      <ObStyles />
      <h1>{t('ob.picker.title')}</h1>
      <p>{t('ob.picker.lead')}</p>
      <form method="get" action="/staff/ob">
        <div class="field">
          <label for="station">{t('ob.picker.station')}</label>
          <select id="station" name="station" autofocus>
            {stations.map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="day">{t('ob.picker.day')}</label>
          <p class="hint" id="day-hint">
            {t('ob.picker.dayHint')}
          </p>
          <input id="day" name="day" type="date" aria-describedby="day-hint" />
        </div>
        <button type="submit" class="button">
          {t('ob.picker.open')}
        </button>
      </form>
      <p class="hint">{t('ob.picker.audited')}</p>
    </Layout>
  );
}
