import type { Translate } from '../../../platform/i18n/index.ts';
import type { StationRow } from '../../../platform/db/reference-store.ts';
import { Select, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';

/** What the account forms choose from: the roles, the units and the stations. */
export interface Choices {
  roles: string[];
  units: string[];
  stations: StationRow[];
}

/** Role, unit, station and service number: the fields that decide what an account sees. */
export function PlacementFields({
  t,
  choices,
  errors,
  values,
}: {
  t: Translate;
  choices: Choices;
  errors: FieldErrors;
  values: Record<string, string | null | undefined>;
}) {
  return (
    <>
      <Select
        t={t}
        name="role"
        label={t('admin.field.role')}
        errors={errors}
        value={values.role ?? ''}
        options={choices.roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
      />
      <Select
        t={t}
        name="unit"
        label={t('admin.field.unit')}
        hint={t('admin.field.unitHint')}
        errors={errors}
        value={values.unit ?? ''}
        placeholder={t('admin.none')}
        options={choices.units.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
      />
      <Select
        t={t}
        name="station"
        label={t('admin.field.station')}
        hint={t('admin.field.stationHint')}
        errors={errors}
        value={values.station ?? ''}
        placeholder={t('admin.none')}
        options={choices.stations.map((s) => ({ value: s.id, label: s.name }))}
      />
      <TextInput
        t={t}
        name="serviceNumber"
        label={t('admin.field.serviceNumber')}
        hint={t('admin.field.serviceNumberHint')}
        errors={errors}
        value={values.serviceNumber ?? ''}
        maxLength={40}
      />
    </>
  );
}
