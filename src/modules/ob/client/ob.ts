/**
 * Progressive enhancement of the Occurrence Book's desk form: only the chosen kind's own section is
 * shown, and the first person's role follows the kind. The form works completely without it (every
 * section shown under its heading; the server reads only the chosen kind's). Importing the styles
 * here makes the asset build write them to /assets/ob.css, which the pages link without script.
 */
import './ob.css';

/** The role the first person most often has in each kind of entry. */
const firstRole: Record<string, string> = {
  report: 'complainant',
  lost_property: 'complainant',
  found_property: 'finder',
  arrest: 'arrested',
  release: 'arrested',
  cell_visit: 'visitor',
  accident: 'driver',
};

function enhanceDesk(form: HTMLFormElement): void {
  const kind = form.querySelector<HTMLSelectElement>('#kind');
  if (!kind) return;
  const sections = Array.from(form.querySelectorAll<HTMLElement>('.ob-section'));
  const hint = form.querySelector<HTMLElement>('.ob-sections-hint');
  const role = form.querySelector<HTMLSelectElement>('select[name="persons.0.role"]');
  let presetRole = '';
  const sync = () => {
    const chosen = kind.selectedOptions[0]?.dataset.section ?? '';
    for (const section of sections) section.hidden = section.dataset.section !== chosen;
    if (hint) hint.hidden = true;
    // the first person's role follows the kind until the desk chooses one itself
    if (role && (role.value === '' || role.value === presetRole)) {
      presetRole = firstRole[kind.value] ?? '';
      role.value = presetRole;
    }
  };
  kind.addEventListener('change', sync);
  sync();
}

const desk = document.querySelector<HTMLFormElement>('#ob-desk');
if (desk) enhanceDesk(desk);
