/**
 * `node train-cds.js <engine>`: an image build's class-data training (src/engines/jvm/cds-build.ts).
 * Fails the build when the engine cannot start or leaves no archive: an image must not ship slower
 * than the install it mirrors without anyone noticing.
 */
import { trainByStarting } from '../src/engines/jvm/cds-build';
import { type EngineName, engineNames } from '../src/plan/types';

async function main(): Promise<void> {
  const engine = process.argv[2] as EngineName;
  if (!engineNames.includes(engine)) throw new Error(`usage: node train-cds.js <${engineNames.join('|')}>`);
  const kept = await trainByStarting(engine, (line) => process.stderr.write(`${line}\n`));
  if (kept.length === 0) throw new Error(`${engine} left no class-data archive`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
