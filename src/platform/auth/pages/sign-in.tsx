import { Layout } from '../../web/layout.tsx';
import { CsrfField, ErrorSummary, TextInput, type FieldErrors } from '../../web/forms.tsx';
import type { PageContext } from '../../web/page.ts';

export function SignInPage({
  page,
  errors,
  username,
  next,
}: {
  page: PageContext;
  errors: FieldErrors;
  username: string;
  next: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('auth.signIn.title')}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('auth.signIn.title')}</h1>
      <p>{t('auth.signIn.lead')}</p>
      <form method="post" action="/staff/sign-in" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="next" value={next} />
        <TextInput
          t={t}
          name="username"
          label={t('auth.username')}
          errors={errors}
          value={username}
          autocomplete="username"
        />
        <TextInput
          t={t}
          name="password"
          label={t('auth.password')}
          errors={errors}
          type="password"
          autocomplete="current-password"
        />
        <button type="submit" class="button">
          {t('auth.signIn.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function SecondFactorPage({
  page,
  errors,
  enrol,
  demoCode,
  next,
}: {
  page: PageContext;
  errors: FieldErrors;
  enrol?: { secret: string; qrSvg: string } | undefined;
  demoCode?: string | undefined;
  next: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('auth.totp.title')}>
      <ErrorSummary t={t} errors={errors} />
      <h1>{t('auth.totp.title')}</h1>
      {enrol ? (
        <div>
          <p>{t('auth.totp.enrol')}</p>
          <div class="qr" dangerouslySetInnerHTML={{ __html: enrol.qrSvg }} />
          <p>
            {t('auth.totp.secret')} <code class="secret">{enrol.secret}</code>
          </p>
        </div>
      ) : (
        <p>{t('auth.totp.lead')}</p>
      )}
      {demoCode ? <p class="notice">{t('auth.totp.demoCode', { code: demoCode })}</p> : null}
      <form method="post" action="/staff/two-factor" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="next" value={next} />
        <TextInput
          t={t}
          name="code"
          label={t('auth.totp.code')}
          errors={errors}
          autocomplete="one-time-code"
          {...(enrol ? { inputmode: 'numeric', maxLength: 6 } : { hint: t('auth.totp.recoveryHint'), maxLength: 14 })}
        />
        <button type="submit" class="button">
          {t('auth.totp.submit')}
        </button>
      </form>
    </Layout>
  );
}
