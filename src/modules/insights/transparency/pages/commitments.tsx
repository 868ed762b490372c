import type { Locale, Translate } from '../../../../platform/i18n/index.ts';
import { formatLocalDate } from '../../../../platform/time/index.ts';
import { SummaryList } from '../../../../platform/web/layout.tsx';
import { commitmentStatuses } from '../catalogue.ts';
import { directiveRows, type Commitment, type LiveFigures } from '../live.ts';
import { PublicTable, Section } from './parts.tsx';

function Status({ t, locale, c }: { t: Translate; locale: Locale; c: Commitment }) {
  const date = (d: string) => formatLocalDate(locale, d);
  if (c.status === 'kept' || c.status === 'kept_late')
    return (
      <p>
        <strong class={c.status === 'kept' ? 'status-kept' : 'status-late'}>
          {t(`transparency.commitment.${c.status}`, { date: date(c.keptDate ?? '') })}
        </strong>
        {c.note ? ` ${t('transparency.commitment.note', { note: c.note })}` : null}
      </p>
    );
  return (
    <p>
      <strong class={c.status === 'overdue' ? 'status-overdue' : 'status-due'}>
        {t(`transparency.commitment.${c.status}`, { date: date(c.dueDate) })}
      </strong>
    </p>
  );
}

function Item({ t, locale, c }: { t: Translate; locale: Locale; c: Commitment }) {
  return (
    <li class={`commitment commitment-${c.status}`}>
      <p>
        <q>{c.promise}</q>
      </p>
      <p class="meta">
        {t('transparency.commitment.meta', {
          session: c.session,
          date: formatLocalDate(locale, c.sessionDate),
          unit: t(`unit.${c.unitCode}`),
          due: formatLocalDate(locale, c.dueDate),
        })}
      </p>
      <Status t={t} locale={locale} c={c} />
    </li>
  );
}

/** What the IG promised in #EngageTheIG and whether it was done: every commitment counted, this month's listed. */
export function Commitments({ t, locale, live }: { t: Translate; locale: Locale; live: LiveFigures }) {
  const { all, list } = live.commitments;
  const ofMonth = list.filter((c) => c.ofMonth);
  const earlier = list.filter((c) => !c.ofMonth);
  return (
    <Section
      id="commitments"
      title={t('transparency.commitments.title')}
      caption={t('transparency.commitments.caption')}
    >
      <SummaryList
        rows={commitmentStatuses.map((s) => [t(`transparency.commitments.count.${s}`), String(all[s])] as const)}
      />
      <h3>{t('transparency.commitments.ofMonth')}</h3>
      {ofMonth.length === 0 ? (
        <p>{t('transparency.commitments.noneOfMonth')}</p>
      ) : (
        <ul class="commitments">
          {ofMonth.map((c) => (
            <Item t={t} locale={locale} c={c} />
          ))}
        </ul>
      )}
      {earlier.length > 0 ? (
        <>
          <h3>{t('transparency.commitments.earlier')}</h3>
          <ul class="commitments">
            {earlier.map((c) => (
              <Item t={t} locale={locale} c={c} />
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/engage/commitments">{t('transparency.commitments.all')}</a>
      </p>
    </Section>
  );
}

/** Public directives due this month, by unit: delivered on time, late, overdue or not yet due. */
export function Directives({ t, locale, live }: { t: Translate; locale: Locale; live: LiveFigures }) {
  return (
    <Section id="directives" title={t('transparency.directives.title')} caption={t('transparency.directives.caption')}>
      <PublicTable
        t={t}
        locale={locale}
        name="directives_by_unit"
        rows={directiveRows(live)}
        ks={{ standard: 0, custody: 0 }}
        rowHeading={t('transparency.col.unit')}
        rowLabel={(r) => t(`unit.${String(r.unit_code)}`)}
      />
      <p>
        <a href="/directives">{t('transparency.directives.all')}</a>
      </p>
    </Section>
  );
}
