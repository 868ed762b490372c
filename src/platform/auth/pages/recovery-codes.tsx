import { CsrfField } from '../../web/forms.tsx';
import { Layout, SuccessNotice } from '../../web/layout.tsx';
import type { PageContext } from '../../web/page.ts';

/**
 * The account's recovery codes: how many are left, a button to make new ones, and (right after making them, once)
 * the codes themselves, with where to go next.
 */
export function RecoveryCodesPage({
  page,
  unused,
  codes,
  next,
  enrolled,
}: {
  page: PageContext;
  unused: number;
  codes?: string[] | undefined;
  next: string;
  /** Just after enrolling the authenticator. */
  enrolled: boolean;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('auth.recovery.title')}>
      <SuccessNotice text={enrolled ? t('auth.recovery.enrolled') : undefined} />
      <h1>{t('auth.recovery.title')}</h1>
      <p>{t('auth.recovery.lead')}</p>
      {codes ? (
        <section aria-labelledby="codes-title" class="notice warning">
          <h2 id="codes-title">{t('auth.recovery.yours')}</h2>
          <ol class="recovery-codes">
            {codes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <p>{t('auth.recovery.keep')}</p>
          <p>
            <a class="button" href={next}>
              {t('auth.recovery.continue')}
            </a>
          </p>
        </section>
      ) : (
        <>
          <p>{t('auth.recovery.unused', { count: unused })}</p>
          <form method="post" action="/staff/recovery-codes" novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="next" value={next} />
            <button type="submit" class="button">
              {t(unused > 0 ? 'auth.recovery.replace' : 'auth.recovery.make')}
            </button>
          </form>
          {enrolled ? (
            <p>
              <a href={next}>{t('auth.recovery.later')}</a>
            </p>
          ) : null}
        </>
      )}
    </Layout>
  );
}
