// Imported first by the worker, so that the process is called `metaq-worker` (for `pgrep -x`)
// from its first moments, before the engine modules load.
process.title = 'metaq-worker';
