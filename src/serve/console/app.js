// The console's router: one page per hash route, re-rendered while what it shows is running.
import { api, el, errorBox } from './dom.js';
import { executionPage } from './execution.js';
import { executionsPage, schedulesPage, startPage, tablesPage } from './pages.js';

const routes = [
  [/^#?\/?$/, () => executionsPage(), 'executions'],
  [/^#\/executions\/(.+)$/, (match) => executionPage(decodeURIComponent(match[1])), 'executions'],
  [/^#\/start$/, () => startPage(), 'start'],
  [/^#\/tables$/, () => tablesPage(), 'tables'],
  [/^#\/schedules$/, () => schedulesPage(), 'schedules'],
];

let timer;
let shown = '';

async function render() {
  clearTimeout(timer);
  const hash = location.hash;
  const [pattern, page, nav] = routes.find(([pattern]) => pattern.test(hash)) ?? routes[0];
  for (const link of document.querySelectorAll('nav a'))
    link.classList.toggle('active', link.dataset.nav === nav);
  const main = document.getElementById('page');
  try {
    const { title, body, refreshMs } = await page(pattern.exec(hash) ?? []);
    if (hash !== location.hash) return; // the user moved on meanwhile
    // A form is not re-rendered under the user's hands.
    if (shown === hash && main.querySelector('form')) return;
    document.title = `${title} · metaq`;
    main.replaceChildren(...body.filter(Boolean));
    shown = hash;
    if (refreshMs) timer = setTimeout(render, refreshMs);
  } catch (error) {
    main.replaceChildren(errorBox(error));
  }
}

async function showEndpoints() {
  try {
    const { endpoints } = await api('/api/info');
    document
      .getElementById('endpoints')
      .replaceChildren(
        el('span', {}, `API ${endpoints.api} · S3 ${endpoints.s3} · DynamoDB ${endpoints.dynamodb}`),
      );
  } catch {
    // The header line is a convenience; the pages report their own errors.
  }
}

window.addEventListener('hashchange', () => {
  shown = '';
  render();
});
render();
showEndpoints();
