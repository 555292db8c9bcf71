/**
 * The worker bundle compiled from a V8 code cache instead of from its source: every local worker
 * process compiles the same 2 MB, and that compile is a sixth of a trivial query's worker CPU
 * (bench/results/2026-12-03-load). Bundled beside the worker (worker-bundle.ts) and preloaded into
 * each worker (`node --require`); run as a program with `--make <bundle>`, it writes the cache by
 * loading the bundle once (not as the main module, so no worker starts) and keeping what V8
 * compiled. A cache V8 rejects (made by another node) only costs the compile it would have saved.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export const codeCacheOf = (bundle: string) => bundle.replace(/\.js$/, '.v8-cache');

type Wrapper = (exports: unknown, require: NodeJS.Require, module: Module, file: string, dir: string) => void;
const internals = Module as unknown as { wrap(source: string): string; prototype: { _compile: Compile } };
type Compile = (this: Module, content: string, filename: string) => unknown;

function run(module: Module, content: string, filename: string, cachedData?: Buffer): vm.Script {
  const script = new vm.Script(internals.wrap(content), { filename, cachedData });
  const wrapper = script.runInThisContext() as Wrapper;
  wrapper.call(
    module.exports,
    module.exports,
    Module.createRequire(filename),
    module,
    filename,
    path.dirname(filename),
  );
  return script;
}

/** In the preload: the bundle (the main module, about to be compiled) is compiled with its cache. */
function useCodeCache(bundle: string): void {
  let cachedData: Buffer;
  try {
    cachedData = readFileSync(codeCacheOf(bundle));
  } catch {
    return; // not made yet: the bundle compiles as usual
  }
  const compile = internals.prototype._compile;
  internals.prototype._compile = function (this: Module, content: string, filename: string) {
    if (filename !== bundle) return compile.call(this, content, filename);
    internals.prototype._compile = compile;
    run(this, content, filename, cachedData);
  };
}

function makeCodeCache(bundle: string): void {
  const module = new Module(bundle);
  module.filename = bundle;
  const script = run(module, readFileSync(bundle, 'utf8'), bundle);
  writeFileSync(codeCacheOf(bundle), script.createCachedData());
}

if (require.main === module) {
  const [flag, bundle] = process.argv.slice(2);
  if (flag !== '--make' || !bundle) throw new Error('usage: node <this file> --make <worker bundle>');
  makeCodeCache(path.resolve(bundle));
} else if (process.argv[1]) {
  useCodeCache(path.resolve(process.argv[1]));
}
