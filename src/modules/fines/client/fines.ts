/**
 * The officer's notice form: the total of the offences ticked, shown as they are ticked (the server
 * prices the notice all the same; this only says what the motorist will be asked for).
 */
import './fines.css';

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-fines-issue]');
  const total = document.getElementById('fines-total');
  if (!form || !total) return;
  const format = new Intl.NumberFormat(document.documentElement.lang === 'sw' ? 'sw-KE' : 'en-KE', {
    style: 'currency',
    currency: 'KES',
    maximumFractionDigits: 0,
  });
  const update = () => {
    let cents = 0;
    for (const box of form.querySelectorAll<HTMLInputElement>('input[data-cents]')) {
      if (!box.checked) continue;
      const count = form.querySelector<HTMLInputElement>(`input[name="quantity.${box.dataset.code ?? ''}"]`);
      cents += Number(box.dataset.cents) * (count ? Math.max(1, Number(count.value) || 1) : 1);
    }
    total.textContent = (total.dataset.template ?? '{amount}').replace('{amount}', format.format(cents / 100));
    total.hidden = false;
  };
  form.addEventListener('change', update);
  form.addEventListener('input', update);
  update();
}

start();
