/**
 * The command line from two esbuild bundles instead of TypeScript compiled on the fly: tsx spent
 * 0.3 s of CPU on every command and `metaq --help` loaded 200 files. `metaq.js` holds the parser
 * and the help (bin/metaq.ts); `commands.js` everything a command runs (src/cli/commands.ts), read
 * only when one runs. Both are plain JavaScript because this runs before anything can compile.
 *
 * A bundle is used only while every source it was built from has the size and mtime it had then:
 * one stat per own source (~230, 3 ms), and node_modules/.package-lock.json for the packages (npm
 * rewrites it at every install). Otherwise it is built again before the command runs (1.5-3 s; a
 * source map doubled that), so an edited source is never run stale; if the build fails, the
 * sources run through tsx.
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { loadCommandsWithCodeCache } = require('./code-cache');

const root = path.resolve(__dirname, '..');
// Under node_modules, so that what the bundles leave out (native modules) resolves from the
// project's node_modules; one folder per checkout, as the bundles hold its absolute paths.
const rootHash = createHash('sha256').update(root).digest('hex').slice(0, 12);
const cacheDir = path.join(root, 'node_modules/.cache/metaq', `cli-${rootHash}`);
const manifestFile = path.join(cacheDir, 'manifest.json');
/** Left out of the bundles: native code, files found beside the package, and what locates itself. */
const external = ['@duckdb/node-api', '@duckdb/node-bindings', 'classic-level', 'dynalite', 'esbuild', 'tsx'];
/** Inputs beside the imported sources whose change must rebuild: the packages, and this build. */
const alwaysInputs = [
  'node_modules/.package-lock.json',
  'tsconfig.json',
  'bin/bundle.js',
  'bin/code-cache.js',
];
const ownFolders = new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(bin|src|handlers)/`);

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The folder of the bundles when they are fresh, else undefined. */
function freshBundle() {
  const manifest = readManifest();
  if (!manifest) return undefined;
  for (const [file, mtimeMs, size] of manifest.inputs) {
    const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    if ((stat?.mtimeMs ?? null) !== mtimeMs || (stat?.size ?? null) !== size) return undefined;
  }
  return path.join(cacheDir, manifest.build);
}

/** An input as the manifest records it: stat first, so an edit made while it is read shows later. */
function recorded(inputs, file) {
  const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
  inputs.set(file, [file, stat?.mtimeMs ?? null, stat?.size ?? null]);
}

/**
 * `__dirname` and `__filename` stay each source's own (the sources find the state machine, the
 * worker and the console's assets from them), and every own input is recorded as it is read.
 */
function ownSources(inputs) {
  return {
    name: 'metaq-own-sources',
    setup(build) {
      // Own sources only: an onLoad callback per package file would slow the build down.
      build.onLoad({ filter: ownFolders }, async (args) => {
        recorded(inputs, path.relative(root, args.path));
        if (!args.path.endsWith('.ts')) return undefined; // esbuild reads it as it would
        const text = await fs.promises.readFile(args.path, 'utf8');
        const contents = text
          .replace(/\b__dirname\b/g, JSON.stringify(path.dirname(args.path)))
          .replace(/\b__filename\b/g, JSON.stringify(args.path));
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * What the front bundle leaves to the commands bundle: the commands, and each engine's
 * implementation, which only a worker starts (with them, 2.1 MB: the AWS SDK came along).
 */
const frontOnly = {
  name: 'metaq-front',
  setup(build) {
    build.onResolve({ filter: /\/cli\/commands$/ }, () => ({ path: './commands.js', external: true }));
    build.onResolve({ filter: /^\.\/engine$/ }, (args) =>
      /src[\\/]engines[\\/]\w+[\\/]index\.ts$/.test(args.importer)
        ? { path: './engine-not-in-the-front-bundle', external: true }
        : undefined,
    );
  },
};

/** Builds both bundles into a folder of their own and points the manifest at it. */
async function build() {
  const esbuild = require('esbuild');
  const inputs = new Map();
  for (const file of alwaysInputs) recorded(inputs, file);
  const staging = path.join(cacheDir, `build-${process.pid}-${Date.now()}`);
  const options = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    outdir: staging,
    logLevel: 'silent',
  };
  await Promise.all([
    esbuild.build({
      ...options,
      entryPoints: { metaq: 'bin/metaq.ts' },
      plugins: [frontOnly, ownSources(inputs)],
    }),
    esbuild.build({
      ...options,
      entryPoints: { commands: 'src/cli/commands.ts' },
      plugins: [ownSources(inputs)],
    }),
  ]);
  const hash = createHash('sha256');
  for (const name of ['metaq.js', 'commands.js']) hash.update(fs.readFileSync(path.join(staging, name)));
  const id = `build-${hash.digest('hex').slice(0, 16)}`;
  try {
    fs.renameSync(staging, path.join(cacheDir, id));
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // the same build, made by another process
  }
  const previous = readManifest()?.build;
  const manifest = path.join(cacheDir, `manifest-${process.pid}.json`);
  fs.writeFileSync(manifest, JSON.stringify({ build: id, inputs: [...inputs.values()] }));
  fs.renameSync(manifest, manifestFile);
  prune([id, previous]);
  return path.join(cacheDir, id);
}

/**
 * Earlier builds go once no command can still be starting from them: the one the manifest named
 * until now stays, and any other made in the last 10 minutes.
 */
function prune(keep) {
  const old = Date.now() - 600_000;
  for (const name of fs.readdirSync(cacheDir)) {
    const folder = path.join(cacheDir, name);
    if (!keep.includes(name) && name.startsWith('build-') && fs.statSync(folder).mtimeMs < old)
      fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs the command line: from the bundles, built first when a source changed; else through tsx. */
async function run() {
  let folder = freshBundle();
  if (!folder) {
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      folder = await build();
    } catch {
      folder = undefined; // a source esbuild cannot read: tsx says where, as it did before
    }
  }
  if (!folder) {
    require('tsx/cjs/api').register();
    require('./metaq.ts');
    return;
  }
  loadCommandsWithCodeCache(path.join(folder, 'commands.js'));
  require(path.join(folder, 'metaq.js'));
}

module.exports = { run, build, freshBundle, cacheDir, manifestFile };
