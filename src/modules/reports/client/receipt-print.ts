/**
 * The receipt page's "Print this receipt" button: shown only where a script can print (without one, the page says
 * to print it or write the code down, and the browser's own print works the same).
 */
document.querySelectorAll<HTMLButtonElement>('button.print-receipt').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
