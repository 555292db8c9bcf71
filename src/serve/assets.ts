/** The console's files: plain HTML, CSS and a few small scripts, served from this folder (no CDN). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const folder = path.join(__dirname, 'console');
const assets: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/pages.js': { file: 'pages.js', type: 'text/javascript; charset=utf-8' },
  '/execution.js': { file: 'execution.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

export async function asset(pathname: string): Promise<{ body: Buffer; type: string } | undefined> {
  const known = assets[pathname];
  if (!known) return undefined;
  return { body: await readFile(path.join(folder, known.file)), type: known.type };
}
