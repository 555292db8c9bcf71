// Small helpers shared by the console's pages: building elements (text only, never HTML from
// data), formatting, and the two APIs the console calls.

/** el('td', {class: 'x'}, 'text', child, ...) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    // Through the CSSOM: the page's Content-Security-Policy forbids style attributes.
    else if (name === 'style') Object.assign(node.style, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function table(head, rows, attributes = {}) {
  return el(
    'table',
    attributes,
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        head.map((name) => el('th', {}, name)),
      ),
    ),
    el('tbody', {}, rows),
  );
}

export function badge(status) {
  return el('span', { class: `badge ${String(status).toLowerCase()}`, 'data-status': status }, status);
}

export function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function usd(amount) {
  return amount === undefined || amount === null ? '-' : `$${Number(amount).toPrecision(2)}`;
}

export function bytes(count) {
  if (count === undefined || count === null) return '-';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function when(ms) {
  if (!ms) return '-';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function cell(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

async function answer(response) {
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new Error(body.message ?? response.statusText);
    error.name = body.__type ?? `HTTP ${response.status}`;
    throw error;
  }
  return body;
}

/** The console's own JSON (records, catalog, schedules). */
export async function api(path) {
  return answer(await fetch(path, { headers: { accept: 'application/json' } }));
}

/** The Step Functions API, exactly as an AWS SDK calls it. */
export async function sfn(operation, body) {
  return answer(
    await fetch('/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AWSStepFunctions.${operation}`,
      },
      body: JSON.stringify(body),
    }),
  );
}

export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:metaq-query';

export function executionArn(name) {
  return `arn:aws:states:us-east-1:000000000000:execution:metaq-query:${name}`;
}

export function errorBox(error) {
  return el(
    'div',
    { class: 'error', id: 'page-error' },
    el('strong', {}, error.name ?? 'Error'),
    ': ',
    error.message,
  );
}
