// One execution: its states, phases, workers, result, error and event history.
import { api, badge, bytes, cell, duration, el, executionArn, sfn, table, usd, when } from './dom.js';

const PHASES = ['optimize', 'wait', 'provision', 'rendezvous', 'start', 'query', 'collect', 'teardown'];

export async function executionPage(name) {
  const page = await api(`/api/executions/${encodeURIComponent(name)}`);
  const { execution, record, report } = page;
  const running = execution.status === 'RUNNING';
  // Waiting for the local capacity (the record's open `wait` phase): still RUNNING to the API.
  const waiting = running && record?.phaseStarts?.wait !== undefined && record?.phaseEnds?.wait === undefined;
  const stop = running
    ? el('button', { id: 'stop', class: 'danger', onclick: () => stopExecution(name) }, 'Stop')
    : undefined;
  const ended = execution.stopDate ?? Date.now();
  return {
    title: name,
    body: [
      el(
        'h1',
        {},
        name,
        ' ',
        el('span', { id: 'status' }, badge(waiting ? 'WAITING' : execution.status)),
        ' ',
        stop,
      ),
      el(
        'p',
        { class: 'muted' },
        `started ${when(execution.startDate)} UTC · ${duration(ended - execution.startDate)}`,
        record?.plan
          ? ` · ${record.plan.engine} on ${record.plan.platform}, ${record.plan.workers} worker(s) + ${record.plan.spares} spare(s)`
          : '',
        report?.cost ? ` · ${usd(report.cost.usd)}` : '',
        record?.schedule ? ` · schedule ${record.schedule}` : '',
      ),
      record?.sql ? el('pre', { class: 'sql-block' }, record.sql) : undefined,
      errorSection(execution),
      section('Workflow', statesView(page.states)),
      section('Phases', phasesView(record, execution)),
      section('Workers', workersView(page.workers)),
      section('Result', resultView(report?.result, page.downloads, running)),
      section('Events', eventsView(page.events, execution.startDate)),
      section('Input', el('pre', {}, JSON.stringify(JSON.parse(execution.input), null, 2))),
    ],
    refreshMs: running ? 1000 : undefined,
  };
}

async function stopExecution(name) {
  await sfn('StopExecution', { executionArn: executionArn(name), cause: 'stopped from the console' });
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function section(title, content) {
  return el('section', { id: title.toLowerCase() }, el('h2', {}, title), content);
}

function errorSection(execution) {
  if (!execution.error && !execution.cause) return undefined;
  return el(
    'section',
    { id: 'error', class: 'error' },
    el('h2', {}, 'Error'),
    el('p', {}, el('strong', { id: 'error-name' }, execution.error ?? ''), ' '),
    el('pre', { id: 'error-cause' }, execution.cause ?? ''),
  );
}

function statesView(states) {
  return el(
    'ol',
    { class: 'states' },
    states.map((state) =>
      el(
        'li',
        {
          class: `state ${state.mark}`,
          'data-state': state.name,
          'data-mark': state.mark,
          title: state.error ? `${state.error.error}: ${state.error.cause}` : state.mark,
        },
        el('span', { class: 'state-name' }, state.name),
        el(
          'span',
          { class: 'state-meta' },
          state.type === 'Task' && state.invocations ? `${state.invocations}×` : state.type,
        ),
      ),
    ),
  );
}

/** One bar per phase on a common time axis; a phase that never ended runs to the next one's start. */
function phasesView(record, execution) {
  const origin = record?.phaseStarts?.optimize;
  if (!record || origin === undefined) return el('p', { class: 'muted' }, 'No phase has started.');
  const started = PHASES.filter((phase) => record.phaseStarts[phase] !== undefined);
  const endOf = (phase) => {
    if (record.phaseEnds[phase] !== undefined) return record.phaseEnds[phase];
    const later = started.slice(started.indexOf(phase) + 1).map((next) => record.phaseStarts[next]);
    return later.length ? Math.min(...later) : (execution.stopDate ?? Date.now());
  };
  const total = Math.max(1, ...started.map((phase) => endOf(phase) - origin));
  const rows = started.map((phase) => {
    const start = record.phaseStarts[phase];
    const length = endOf(phase) - start;
    const ended = record.phaseEnds[phase] !== undefined;
    const state = ended ? 'ended' : execution.status === 'RUNNING' ? 'open' : 'cut';
    const bar = el('span', {
      class: `bar ${state}`,
      style: {
        marginLeft: `${(100 * (start - origin)) / total}%`,
        width: `${Math.max(0.5, (100 * length) / total)}%`,
      },
    });
    const label =
      state === 'open'
        ? `${duration(length)}…`
        : state === 'cut'
          ? `${duration(length)} ✗`
          : duration(length);
    return el(
      'div',
      { class: 'phase', 'data-phase': phase, 'data-phase-state': state },
      el('span', { class: 'phase-name' }, phase),
      el('span', { class: 'track' }, bar),
      el('span', { class: 'phase-ms' }, label),
    );
  });
  return el('div', { class: 'phases' }, rows);
}

function workersView(workers) {
  if (!workers?.length) return el('p', { class: 'muted' }, 'No worker launched.');
  const since = (worker, at) => (at === undefined ? '-' : `+${duration(at - worker.launchedAt)}`);
  const role = (worker) =>
    worker.rank === 0
      ? 'head'
      : worker.rank !== undefined
        ? `member ${worker.rank}`
        : worker.dismissedAt
          ? 'spare (dismissed)'
          : '-';
  const rows = workers.map((worker) =>
    el(
      'tr',
      { 'data-worker': worker.index },
      el('td', {}, worker.index),
      el('td', {}, role(worker)),
      el('td', {}, when(worker.launchedAt)),
      el('td', {}, since(worker, worker.readyAt)),
      el('td', {}, since(worker, worker.admittedAt)),
      el('td', {}, since(worker, worker.dismissedAt)),
      el('td', {}, since(worker, worker.stoppedAt)),
    ),
  );
  return table(['worker', 'role', 'launched (UTC)', 'ready', 'admitted', 'dismissed', 'stopped'], rows, {
    id: 'workers-table',
  });
}

function resultView(result, downloads, running) {
  if (!result) return el('p', { class: 'muted' }, running ? 'No result yet.' : 'No result.');
  const names = result.columns.map((column) => column.name);
  return el(
    'div',
    {},
    el(
      'p',
      {},
      `${result.rows} row(s), ${bytes(result.bytes)} of ${result.format} at `,
      el('code', {}, result.location),
    ),
    el(
      'p',
      { class: 'downloads' },
      downloads.map((download) => [
        el('a', { class: 'download', href: download.href, download: '' }, `download ${download.file}`),
        ' ',
      ]),
    ),
    table(
      names,
      result.preview.map((row) =>
        el(
          'tr',
          {},
          names.map((name) => el('td', {}, cell(row[name]))),
        ),
      ),
      { id: 'preview' },
    ),
    result.preview.length < result.rows
      ? el('p', { class: 'muted' }, `first ${result.preview.length} of ${result.rows} rows`)
      : undefined,
  );
}

function eventsView(events, startDate) {
  const detail = (event) => {
    const key = Object.keys(event).find((name) => name.endsWith('EventDetails'));
    const details = key ? event[key] : {};
    return [details.name, details.error, details.cause].filter(Boolean).join(' · ');
  };
  const rows = events.map((event) =>
    el(
      'tr',
      { 'data-type': event.type },
      el('td', { class: 'number' }, event.id),
      el('td', { class: 'number' }, `+${duration(event.timestamp * 1000 - startDate)}`),
      el('td', {}, event.type),
      el('td', { class: 'detail' }, detail(event)),
    ),
  );
  return table(['id', 'time', 'type', 'details'], rows, { id: 'events-table' });
}
