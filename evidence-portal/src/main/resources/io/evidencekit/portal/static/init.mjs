import { initAll } from '../assets/govuk-frontend.min.js';

initAll();

const print = document.getElementById('print-receipt');
if (print) {
  print.hidden = false;
  print.addEventListener('click', () => window.print());
}
