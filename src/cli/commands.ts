/**
 * The command modules, each loaded when its command runs: `metaq --help` loads none of them, nor
 * the AWS SDK, DuckDB or the local servers. The bundled command line (bin/bundle.js) makes this
 * file a bundle of its own, beside bin/metaq.ts's, read only when a command runs.
 */
export const commands = {
  aws: () => require('./aws') as typeof import('./aws'),
  demo: () => require('./demo') as typeof import('./demo'),
  engines: () => require('./engines') as typeof import('./engines'),
  history: () => require('./history') as typeof import('./history'),
  query: () => require('./query') as typeof import('./query'),
  schedules: () => require('./schedules') as typeof import('./schedules'),
  serve: () => require('./serve') as typeof import('./serve'),
  tables: () => require('./tables') as typeof import('./tables'),
};
