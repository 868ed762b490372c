import type { ComponentChildren } from 'preact';
import type { PageContext } from './page.ts';

export interface LayoutProps {
  page: PageContext;
  title: string;
  children: ComponentChildren;
  /** Extra script bundles (progressive enhancement only). */
  scripts?: string[];
  /** Seconds after which the page refreshes itself when JavaScript is off (with it, live pages follow their event stream). */
  refreshSeconds?: number;
  /** What search engines and link previews say of the page (default: what Sauti is). */
  description?: string;
}

export function Layout({ page, title, children, scripts = [], refreshSeconds, description }: LayoutProps) {
  const { t, locale } = page;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={description ?? t('layout.description')} />
        {refreshSeconds ? (
          <noscript>
            <meta http-equiv="refresh" content={String(refreshSeconds)} />
          </noscript>
        ) : null}
        <title>{`${title} — Sauti`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/sauti.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('layout.skip')}
        </a>
        {page.demo ? (
          <div class="demo-banner" role="note">
            <strong>{t('layout.demo.title')}</strong> {t('layout.demo.body')}
          </div>
        ) : null}
        <SiteHeader page={page} />
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter page={page} />
        {scripts.map((src) => (
          <script src={src} defer />
        ))}
      </body>
    </html>
  );
}

/** The staff navigation a staff member may use: their role's, and their unit's where an item is for some units. */
function staffNav(page: PageContext) {
  const { actor } = page;
  if (actor.kind !== 'staff') return [];
  return page.nav.filter(
    (item) =>
      item.roles.includes(actor.role) &&
      (!item.units ||
        !actor.unitCode ||
        ['ig_office', 'administrator'].includes(actor.role) ||
        item.units.includes(actor.unitCode)),
  );
}

function SiteHeader({ page }: { page: PageContext }) {
  const { t, locale, actor } = page;
  const other = locale === 'en' ? 'sw' : 'en';
  return (
    <header class="site-header">
      <div class="wrap header-row">
        <a class="brand" href={actor.kind === 'staff' ? '/staff' : '/'}>
          Sauti
          <span class="brand-sub">{t('layout.brand.sub')}</span>
        </a>
        <a
          class="lang-switch"
          href={`/lang?to=${other}&back=${encodeURIComponent(page.path)}`}
          lang={other}
          hreflang={other}
        >
          {t(`layout.lang.${other}`)}
        </a>
      </div>
      {actor.kind === 'staff' ? <StaffNav page={page} /> : null}
    </header>
  );
}

function StaffNav({ page }: { page: PageContext }) {
  const { t, actor } = page;
  if (actor.kind !== 'staff') return null;
  return (
    <nav class="wrap staff-nav" aria-label={t('layout.nav.staff')}>
      <ul>
        {staffNav(page).map((item) => (
          <li>
            <a href={item.href}>{t(item.label)}</a>
          </li>
        ))}
        <li class="who">
          {actor.displayName} · {t(`role.${actor.role}`)}
        </li>
        <li>
          <form method="post" action="/staff/sign-out" class="inline">
            <input type="hidden" name="_csrf" value={page.csrfToken} />
            <button type="submit" class="link-button">
              {t('layout.signOut')}
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

function SiteFooter({ page: { t } }: { page: PageContext }) {
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p>{t('layout.footer.free')}</p>
        <p>
          <a href="/">{t('layout.footer.home')}</a> · <a href="/report">{t('layout.footer.report')}</a> ·{' '}
          <a href="/follow">{t('layout.footer.follow')}</a> · <a href="/staff/sign-in">{t('layout.footer.staff')}</a>
        </p>
      </div>
    </footer>
  );
}

/** The green confirmation at the top of a page after something was done ("Acknowledged.", "Saved."). */
export function SuccessNotice({ text }: { text?: string | undefined }) {
  if (!text) return null;
  return (
    <div class="notice success" role="status">
      {text}
    </div>
  );
}

/** Labelled facts, one per row (the house's summary list): each a label and its value. */
export function SummaryList({ rows }: { rows: ReadonlyArray<readonly [string, ComponentChildren]> }) {
  return (
    <dl class="summary-list">
      {rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}
