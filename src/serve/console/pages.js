// The console's list pages: executions, the start form, the catalog and the schedules.
import { api, badge, bytes, duration, el, STATE_MACHINE_ARN, sfn, table, usd, when } from './dom.js';

export async function executionsPage() {
  const { executions } = await api('/api/executions?limit=100');
  const rows = executions.map((row) =>
    el(
      'tr',
      { 'data-execution': row.name },
      el('td', {}, el('a', { href: `#/executions/${encodeURIComponent(row.name)}` }, row.name)),
      el('td', {}, badge(row.waiting ? 'WAITING' : row.status)),
      el('td', {}, when(row.startDate)),
      el('td', {}, row.engine ?? '-'),
      el('td', {}, row.workers ?? '-'),
      el('td', { class: 'number' }, duration(row.durationMs)),
      el('td', { class: 'number' }, usd(row.costUsd)),
      el('td', {}, row.schedule ?? ''),
      el('td', { class: 'sql', title: row.sql }, row.sql),
    ),
  );
  const running = executions.some((row) => row.status === 'RUNNING');
  return {
    title: 'Executions',
    body: [
      el('h1', {}, 'Executions'),
      executions.length === 0
        ? el(
            'p',
            { class: 'muted' },
            'Nothing has run yet. ',
            el('a', { href: '#/start' }, 'Start a query'),
            '.',
          )
        : table(
            [
              'execution',
              'status',
              'started (UTC)',
              'engine',
              'workers',
              'duration',
              'cost',
              'schedule',
              'sql',
            ],
            rows,
            { id: 'executions' },
          ),
    ],
    refreshMs: running ? 1500 : 10_000,
  };
}

export async function startPage() {
  const { engines } = await api('/api/info');
  const status = el('p', { id: 'start-status', class: 'muted' });
  const form = el(
    'form',
    { id: 'start-form', class: 'stack' },
    el('label', {}, 'SQL', el('textarea', { name: 'sql', rows: 8, required: true, spellcheck: 'false' })),
    el(
      'div',
      { class: 'row' },
      el(
        'label',
        {},
        'Engine',
        el(
          'select',
          { name: 'engine' },
          engines.map((name) => el('option', {}, name)),
        ),
      ),
      el(
        'label',
        {},
        'Workers',
        el('input', { name: 'workers', type: 'number', min: 1, max: 64, placeholder: 'auto' }),
      ),
      el(
        'label',
        {},
        'Spares',
        el('input', { name: 'spares', type: 'number', min: 0, max: 16, placeholder: 'auto' }),
      ),
    ),
    el('button', { type: 'submit' }, 'Start'),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const input = { sql: data.get('sql'), engine: data.get('engine') };
    for (const field of ['workers', 'spares'])
      if (data.get(field) !== '') input[field] = Number(data.get(field));
    status.textContent = 'Starting…';
    try {
      const started = await sfn('StartExecution', {
        stateMachineArn: STATE_MACHINE_ARN,
        input: JSON.stringify(input),
      });
      location.hash = `#/executions/${encodeURIComponent(started.executionArn.split(':').pop())}`;
    } catch (error) {
      status.textContent = `${error.name}: ${error.message}`;
      status.className = 'error';
    }
  });
  return {
    title: 'Start a query',
    body: [
      el('h1', {}, 'Start a query'),
      el(
        'p',
        { class: 'muted' },
        'One execution of the state machine (StartExecution). Leave a field empty and the optimizer chooses it.',
      ),
      form,
    ],
  };
}

export async function tablesPage() {
  const { tables } = await api('/api/tables');
  const rows = tables.map((entry) =>
    el(
      'tr',
      { 'data-table': entry.name },
      el('td', {}, entry.name),
      el('td', {}, entry.format),
      el('td', { class: 'number' }, entry.files),
      el('td', { class: 'number' }, bytes(entry.bytes)),
      el('td', { class: 'mono' }, entry.location),
      el('td', {}, entry.addedAt?.slice(0, 19).replace('T', ' ')),
    ),
  );
  return {
    title: 'Tables',
    body: [
      el('h1', {}, 'Tables'),
      tables.length === 0
        ? el('p', { class: 'muted' }, 'No tables yet: metaq tables add <name> <path-or-s3-url>')
        : table(['name', 'format', 'files', 'size', 'location', 'added (UTC)'], rows, { id: 'tables' }),
    ],
  };
}

/** A run time in the schedule's own zone, as its expression reads, with UTC beside it. */
function inZone(iso, timezone) {
  const local = new Date(iso).toLocaleString('sv-SE', { timeZone: timezone }).slice(0, 16);
  return `${local} ${timezone} (${iso.slice(11, 16)} UTC)`;
}

export async function schedulesPage() {
  const { folder, schedules } = await api('/api/schedules');
  const rows = schedules.map((schedule) =>
    el(
      'tr',
      { 'data-schedule': schedule.name },
      el(
        'td',
        {},
        el('strong', {}, schedule.name),
        el('div', { class: 'muted' }, schedule.description ?? ''),
      ),
      el('td', { class: 'mono' }, schedule.expression),
      el('td', {}, schedule.enabled ? 'enabled' : 'disabled'),
      el(
        'td',
        { class: 'next-runs' },
        schedule.nextRuns.length
          ? schedule.nextRuns.map((at) => el('div', {}, inZone(at, schedule.timezone)))
          : '-',
      ),
      el(
        'td',
        { class: 'last-run' },
        schedule.lastRun
          ? [
              el(
                'a',
                { href: `#/executions/${encodeURIComponent(schedule.lastRun.name)}` },
                schedule.lastRun.name,
              ),
              ' ',
              badge(schedule.lastRun.status),
            ]
          : '-',
      ),
      el('td', { class: 'mono' }, schedule.output.location),
    ),
  );
  return {
    title: 'Schedules',
    body: [
      el('h1', {}, 'Schedules'),
      el(
        'p',
        { class: 'muted' },
        `From ${folder}. Each run's output location gets the run's date for {date}.`,
      ),
      schedules.length === 0
        ? el('p', { class: 'muted' }, 'No schedules in that folder.')
        : table(['schedule', 'expression', 'state', 'next runs', 'last run', 'output'], rows, {
            id: 'schedules',
          }),
    ],
    refreshMs: 15_000,
  };
}
