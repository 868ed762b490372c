import type { Locale, Translate } from '../../../../platform/i18n/index.ts';
import { formatDateTime, formatMonth } from '../../../../platform/time/index.ts';
import { Layout } from '../../../../platform/web/layout.tsx';
import type { PageContext } from '../../../../platform/web/page.ts';
import { jurisdiction } from '../../../../jurisdiction/kenya/index.ts';
import { catalogue, tableNames } from '../catalogue.ts';
import type { Release } from '../release.ts';
import type { MonthView } from '../service.ts';
import type { ReleaseTableName, Row } from '../tables.ts';
import { Commitments, Directives } from './commitments.tsx';
import { Breakable, PublicTable, Section } from './parts.tsx';

const ZONE = jurisdiction.timeZone;
const MONTHS_LISTED = 12;

interface Ctx {
  t: Translate;
  locale: Locale;
  release: Release;
}

/** How small figures are protected, said before any figure. */
function Rules({ t, release }: Ctx) {
  return (
    <section aria-labelledby="rules-title" class="notice">
      <h2 id="rules-title">{t('transparency.rules.title')}</h2>
      <p>
        {t('transparency.rules.small', {
          k: release.k.standard,
          max: release.k.standard - 1,
          custody: release.k.custody,
          custodyMax: release.k.custody - 1,
        })}
      </p>
      <p>{t('transparency.rules.withheld')}</p>
      <p>{t('transparency.rules.frozen')}</p>
    </section>
  );
}

/** One section of release tables, each table with its title when there are several. */
function Tables({ ctx, id, names }: { ctx: Ctx; id: string; names: readonly ReleaseTableName[] }) {
  const { t, locale, release } = ctx;
  return (
    <Section id={id} title={t(`transparency.section.${id}.title`)} caption={t(`transparency.section.${id}.caption`)}>
      {names.map((name) => (
        <>
          {names.length > 1 ? <h3>{t(`transparency.table.${name}.title`)}</h3> : null}
          <PublicTable
            t={t}
            locale={locale}
            name={name}
            rows={release.tables[name]}
            ks={release.k}
            {...(catalogue[name].list
              ? {
                  rowHeading: t('transparency.col.response'),
                  rowLabel: (r: Row) => t(`transparency.col.${String(r.response)}`),
                }
              : {})}
          />
        </>
      ))}
    </Section>
  );
}

/** Where every figure comes from: the refresh's snapshot, the OB checkpoint, the live reads; and the open data. */
function Provenance({ ctx, view }: { ctx: Ctx; view: MonthView }) {
  const { t, locale, release } = ctx;
  const p = release.provenance;
  const when = (d: Date) => formatDateTime(locale, d, ZONE);
  const month = release.month;
  return (
    <Section id="provenance" title={t('transparency.provenance.title')}>
      <p>
        <Breakable
          text={t('transparency.provenance.release', {
            at: when(p.refreshedAt),
            snapshot: p.snapshot,
            released: when(release.releasedAt),
          })}
        />
      </p>
      <p>
        <Breakable
          text={
            p.checkpoint
              ? t('transparency.provenance.checkpoint', {
                  size: p.checkpoint.size,
                  root: p.checkpoint.root,
                  witnesses: p.checkpoint.witnesses,
                })
              : t('transparency.provenance.noCheckpoint')
          }
        />{' '}
        <a href="/ob/log/checkpoint">{t('transparency.provenance.log')}</a>
      </p>
      <p>{t('transparency.provenance.live', { at: when(view.live.at) })}</p>
      <h3>{t('transparency.provenance.openData')}</h3>
      <p>{t('transparency.provenance.licence')}</p>
      <ul>
        <li>
          <a href={`/transparency/data/${month}/datapackage.json`}>{t('transparency.provenance.package')}</a>
        </li>
        <li>
          <a href="/transparency/data">{t('transparency.provenance.dictionary')}</a>
        </li>
        {tableNames.map((name) => (
          <li>
            {t(`transparency.table.${name}.title`)}: <a href={`/transparency/data/${month}/${name}.csv`}>CSV</a> ·{' '}
            <a href={`/transparency/data/${month}/${name}.json`}>JSON</a>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function MonthLinks({ t, locale, view }: { t: Translate; locale: Locale; view: MonthView }) {
  const others = view.months.filter((m) => m.month !== view.release.month).slice(0, MONTHS_LISTED);
  if (others.length === 0) return null;
  return (
    <nav aria-labelledby="months-title" class="months">
      <h2 id="months-title">{t('transparency.months.title')}</h2>
      <ul>
        {others.map((m) => (
          <li>
            <a href={`/transparency/${m.month}`}>{formatMonth(locale, m.month)}</a>
          </li>
        ))}
      </ul>
      {view.months.length - 1 > MONTHS_LISTED ? (
        <p>
          <a href="/transparency/data">{t('transparency.months.all')}</a>
        </p>
      ) : null}
    </nav>
  );
}

/** A month's public figures: what was promised and done, complaints and what became of them, fines, documents, custody. */
export function MonthPage({ page, view, latest }: { page: PageContext; view: MonthView; latest: boolean }) {
  const { t, locale } = page;
  const { release } = view;
  const ctx: Ctx = { t, locale, release };
  const monthName = formatMonth(locale, release.month);
  return (
    <Layout page={page} title={t('transparency.title')} description={t('transparency.lead')}>
      <h1>{t('transparency.monthTitle', { month: monthName })}</h1>
      <p class="lead">{t('transparency.lead')}</p>
      <p class="meta">
        {t(latest ? 'transparency.freshness.latest' : 'transparency.freshness.month', {
          month: monthName,
          at: formatDateTime(locale, release.provenance.refreshedAt, ZONE),
        })}{' '}
        <a href="#provenance">{t('transparency.freshness.how')}</a>
      </p>
      <Rules {...ctx} />
      <Commitments t={t} locale={locale} live={view.live} />
      <Directives t={t} locale={locale} live={view.live} />
      <Tables ctx={ctx} id="complaints" names={['complaints_by_outcome', 'complaints_by_category']} />
      <Tables ctx={ctx} id="answers" names={['complaints_by_response']} />
      <Tables ctx={ctx} id="fines" names={['fines_by_county']} />
      <Tables ctx={ctx} id="documents" names={['documents_by_county', 'documents_by_kind']} />
      <Tables ctx={ctx} id="custody" names={['custody_by_county', 'ob_entries_by_county']} />
      <p class="meta">{t('transparency.scroll')}</p>
      <Provenance ctx={ctx} view={view} />
      <MonthLinks t={t} locale={locale} view={view} />
    </Layout>
  );
}

/** Before any month is released. */
export function NothingYetPage({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <Layout page={page} title={t('transparency.title')} description={t('transparency.lead')}>
      <h1>{t('transparency.title')}</h1>
      <p class="lead">{t('transparency.lead')}</p>
      <p>{t('transparency.nothingYet')}</p>
      <p>
        <a href="/engage/commitments">{t('transparency.commitments.all')}</a> ·{' '}
        <a href="/directives">{t('transparency.directives.all')}</a> ·{' '}
        <a href="/transparency/data">{t('transparency.provenance.dictionary')}</a>
      </p>
    </Layout>
  );
}
