import { ActionForm } from './action-form.tsx';
import type { ComponentChildren } from 'preact';
import type { AccountRow } from '../../../platform/auth/store.ts';
import { ErrorSummary, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';
import { Layout, SuccessNotice, SummaryList } from '../../../platform/web/layout.tsx';
import type { PageContext } from '../../../platform/web/page.ts';
import { accountState } from './accounts.tsx';
import { PlacementFields, type Choices } from './fields.tsx';

export type { Choices };
export type AccountFormName = 'placement' | 'password' | 'two-factor' | 'access';

interface Props {
  page: PageContext;
  account: AccountRow;
  choices: Choices;
  /** The administrator's own account: it cannot be disabled or moved out of the role from here. */
  self: boolean;
  now: Date;
  /** The form sent back with errors, if one was. */
  form?: AccountFormName | undefined;
  errors: FieldErrors;
  notice?: string | undefined;
}

/** One of the account's forms: a heading, what it does, its fields and its button, posting to `/<name>`. */
function AccountForm(props: {
  page: PageContext;
  account: AccountRow;
  name: AccountFormName;
  title: string;
  hint: string;
  button: string;
  warning?: boolean;
  errors: FieldErrors;
  children?: ComponentChildren;
}) {
  const { children, ...rest } = props;
  return (
    <ActionForm {...rest} name={props.name} action={`/staff/admin/accounts/${props.account.username}/${props.name}`}>
      {children}
    </ActionForm>
  );
}

export function AccountPage({ page, account: a, choices, self, now, form, errors, notice }: Props) {
  const { t } = page;
  const errorsOf = (name: AccountFormName) => (form === name ? errors : {});
  const values = { role: a.role, unit: a.unit_code, station: a.station_id, serviceNumber: a.service_number };
  return (
    <Layout page={page} title={`${a.display_name} (${a.username})`}>
      <p>
        <a href="/staff/admin/accounts">{t('admin.back')}</a>
      </p>
      <h1>
        {a.display_name} <span class="meta">({a.username})</span>
      </h1>
      <SuccessNotice text={notice} />
      {self && form === 'access' ? <ErrorSummary t={t} errors={errors} /> : null}
      <SummaryList
        rows={[
          [t('admin.field.role'), t(`role.${a.role}`)],
          [t('admin.field.unit'), a.unit_code ? t(`unit.${a.unit_code}`) : t('admin.none')],
          [t('admin.field.station'), a.station_id ?? t('admin.none')],
          [t('admin.field.serviceNumber'), a.service_number ?? t('admin.none')],
          [t('admin.field.twoFactor'), a.totp_enrolled ? t('admin.twoFactor.on') : t('admin.twoFactor.off')],
          [t('admin.field.state'), accountState(t, a, now)],
        ]}
      />
      <AccountForm
        page={page}
        account={a}
        name="placement"
        title={t('admin.placement.title')}
        hint={t('admin.placement.hint')}
        button={t('admin.placement.submit')}
        errors={errorsOf('placement')}
      >
        <PlacementFields t={t} choices={choices} errors={errorsOf('placement')} values={values} />
      </AccountForm>
      <AccessForms page={page} account={a} self={self} errorsOf={errorsOf} />
      <AccountForm
        page={page}
        account={a}
        name="two-factor"
        title={t('admin.twoFactor.title')}
        hint={t(a.totp_enrolled ? 'admin.twoFactor.hint' : 'admin.twoFactor.notEnrolled')}
        button={t('admin.twoFactor.submit')}
        warning
        errors={errorsOf('two-factor')}
      />
    </Layout>
  );
}

/** A new password, a new two-step enrolment, and (for anyone but oneself) disabling or enabling the account. */
function AccessForms({
  page,
  account: a,
  self,
  errorsOf,
}: {
  page: PageContext;
  account: AccountRow;
  self: boolean;
  errorsOf: (name: AccountFormName) => FieldErrors;
}) {
  const { t } = page;
  return (
    <>
      <AccountForm
        page={page}
        account={a}
        name="password"
        title={t('admin.password.title')}
        hint={t('admin.password.hint')}
        button={t('admin.password.submit')}
        errors={errorsOf('password')}
      >
        <TextInput
          t={t}
          name="password"
          type="password"
          label={t('admin.field.newPassword')}
          errors={errorsOf('password')}
          value=""
          autocomplete="new-password"
          maxLength={1000}
        />
      </AccountForm>
      {self ? null : (
        <AccountForm
          page={page}
          account={a}
          name="access"
          title={t('admin.access.title')}
          hint={t(a.disabled ? 'admin.access.enableHint' : 'admin.access.disableHint')}
          button={t(a.disabled ? 'admin.access.enable' : 'admin.access.disable')}
          warning={!a.disabled}
          errors={errorsOf('access')}
        >
          <input type="hidden" name="disabled" value={a.disabled ? 'no' : 'yes'} />
        </AccountForm>
      )}
    </>
  );
}
