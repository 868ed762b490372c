import type { Translate } from '../../../platform/i18n/index.ts';
import { stationKinds } from '../../../platform/stations-import.ts';
import { Select, TextInput, type FieldErrors } from '../../../platform/web/forms.tsx';

export type Counties = ReadonlyArray<{ code: string; name: string }>;

/** A county as the screens name it: "Machakos (016)". */
export function countyLabel(counties: Counties, code: string): string {
  const county = counties.find((c) => c.code === code);
  return county ? `${county.name} (${code})` : code;
}

/** A station's name, county and kind: what the new-station and details forms ask for. */
export function StationFields({
  t,
  counties,
  errors,
  values,
}: {
  t: Translate;
  counties: Counties;
  errors: FieldErrors;
  values: { name?: string | undefined; county?: string | undefined; kind?: string | undefined };
}) {
  return (
    <>
      <TextInput
        t={t}
        name="name"
        label={t('places.field.name')}
        hint={t('places.field.nameHint')}
        errors={errors}
        value={values.name ?? ''}
        maxLength={200}
      />
      <Select
        t={t}
        name="county"
        label={t('places.field.county')}
        hint={t('places.field.countyHint')}
        errors={errors}
        value={values.county ?? ''}
        placeholder={t('places.choose')}
        options={counties.map((c) => ({ value: c.code, label: countyLabel(counties, c.code) }))}
      />
      <Select
        t={t}
        name="kind"
        label={t('places.field.kind')}
        errors={errors}
        value={values.kind ?? stationKinds[0]}
        options={stationKinds.map((k) => ({ value: k, label: t(`places.kind.${k}`) }))}
      />
    </>
  );
}
