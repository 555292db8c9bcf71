/**
 * An install's stamp: `installed.json`, written last, with the versions installed. Its presence
 * with the versions this metaq expects is what "installed" means.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Versions = Record<string, string>;

export const stampFile = (folder: string) => path.join(folder, 'installed.json');

export function stampMatches(folder: string, versions: Versions): boolean {
  const file = stampFile(folder);
  if (!existsSync(file)) return false;
  const installed = JSON.parse(readFileSync(file, 'utf8')) as Versions;
  return Object.entries(versions).every(([name, version]) => installed[name] === version);
}

export function writeStamp(folder: string, versions: Versions): void {
  writeFileSync(stampFile(folder), JSON.stringify(versions));
}
