import type { PageContext } from '../../../platform/web/page.ts';
import type { VoiceKind } from '../store.ts';

/** On a case opened for an officer's letter: the link to the letter. */
export function CaseLetter({
  page,
  registryNumber,
  kind,
}: {
  page: PageContext;
  registryNumber: string;
  kind: VoiceKind;
}) {
  const { t } = page;
  return (
    <section aria-labelledby="letter-link-title">
      <h2 id="letter-link-title">{t('voice.caseLetter.title')}</h2>
      <p>
        {t(`voice.kind.${kind}`)}: <a href={`/staff/voice/${registryNumber}`}>{registryNumber}</a>
      </p>
    </section>
  );
}
