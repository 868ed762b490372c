import type { AccountRow } from '../../../platform/auth/store.ts';
import { CsrfField, ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import type { Translate } from '../../../platform/i18n/index.ts';
import { AdminNav } from '../places/admin-nav.tsx';
import { PlacementFields, type Choices } from './fields.tsx';

/** Whether the account can sign in now, in words. */
export function accountState(t: Translate, a: AccountRow, now: Date): string {
  if (a.disabled) return t('admin.state.disabled');
  if (a.locked_until && a.locked_until > now) return t('admin.state.locked');
  return t('admin.state.active');
}

export function AccountsPage({
  page,
  accounts,
  filter,
  roles,
  now,
}: {
  page: PageContext;
  accounts: AccountRow[];
  filter: { role: string; q: string };
  roles: string[];
  /** The platform clock's moment: a lock is judged at it. */
  now: Date;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('admin.accounts.title')}>
      <AdminNav t={t} current="accounts" />
      <h1>{t('admin.accounts.title')}</h1>
      <p>
        <a class="button" href="/staff/admin/accounts/new">
          {t('admin.new.title')}
        </a>
      </p>
      <form method="get" action="/staff/admin/accounts" class="filters" role="search">
        <div class="field">
          <label for="q">{t('admin.accounts.search')}</label>
          <input id="q" name="q" type="search" value={filter.q} maxLength={100} />
        </div>
        <div class="field">
          <label for="role">{t('admin.field.role')}</label>
          <select id="role" name="role">
            <option value="">{t('admin.any')}</option>
            {roles.map((r) => (
              <option value={r} selected={filter.role === r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button secondary">
          {t('admin.accounts.apply')}
        </button>
      </form>
      <p class="count">{t('admin.accounts.count', { count: accounts.length })}</p>
      <AccountsTable t={t} accounts={accounts} now={now} />
    </Layout>
  );
}

function AccountsTable({ t, accounts, now }: { t: Translate; accounts: AccountRow[]; now: Date }) {
  return (
    <div class="table-scroll">
      <table class="accounts">
        <caption class="visually-hidden">{t('admin.accounts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.field.username')}</th>
            <th scope="col">{t('admin.field.displayName')}</th>
            <th scope="col">{t('admin.field.role')}</th>
            <th scope="col">{t('admin.field.place')}</th>
            <th scope="col">{t('admin.field.twoFactor')}</th>
            <th scope="col">{t('admin.field.state')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr>
              <td>
                <a href={`/staff/admin/accounts/${a.username}`}>{a.username}</a>
              </td>
              <td>{a.display_name}</td>
              <td>{t(`role.${a.role}`)}</td>
              <td>{[a.unit_code ? t(`unit.${a.unit_code}`) : '', a.station_id ?? ''].filter(Boolean).join(', ')}</td>
              <td>{a.totp_enrolled ? t('admin.twoFactor.on') : t('admin.twoFactor.off')}</td>
              <td>{accountState(t, a, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function NewAccountPage({
  page,
  choices,
  errors,
  values,
}: {
  page: PageContext;
  choices: Choices;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t('admin.new.title')}>
      <p>
        <a href="/staff/admin/accounts">{t('admin.back')}</a>
      </p>
      <h1>{t('admin.new.title')}</h1>
      <form method="post" action="/staff/admin/accounts/new" novalidate>
        <ErrorSummary t={t} errors={errors} />
        <CsrfField token={page.csrfToken} />
        <TextInput
          t={t}
          name="username"
          label={t('admin.field.username')}
          hint={t('admin.field.usernameHint')}
          errors={errors}
          value={values.username ?? ''}
          autocomplete="off"
          maxLength={40}
        />
        <TextInput
          t={t}
          name="displayName"
          label={t('admin.field.displayName')}
          errors={errors}
          value={values.displayName ?? ''}
          maxLength={200}
        />
        <PlacementFields t={t} choices={choices} errors={errors} values={values} />
        <TextInput
          t={t}
          name="password"
          type="password"
          label={t('admin.field.password')}
          hint={t('admin.field.passwordHint')}
          errors={errors}
          value=""
          autocomplete="new-password"
          maxLength={1000}
        />
        <button type="submit" class="button">
          {t('admin.new.submit')}
        </button>
      </form>
    </Layout>
  );
}
