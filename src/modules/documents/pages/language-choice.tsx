import { Radios, type FieldErrors } from '../../../platform/web/forms.tsx';
import type { PageContext } from '../../../platform/web/page.ts';

/** The language the document is written in: the holder's choice, English or Kiswahili. */
export function LanguageChoice({ page, errors, value }: { page: PageContext; errors: FieldErrors; value: string }) {
  return (
    <Radios
      t={page.t}
      name="language"
      label={page.t('documents.field.language')}
      errors={errors}
      value={value}
      options={[
        { value: 'en', label: 'English' },
        { value: 'sw', label: 'Kiswahili' },
      ]}
    />
  );
}
