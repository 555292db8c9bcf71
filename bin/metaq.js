#!/usr/bin/env node
// Runs the TypeScript command line directly (no build step).
//
// The local S3 (s3rver) encrypts its listing continuation tokens with DES, which Node's OpenSSL 3
// only offers with the legacy provider: without it, any listing longer than one page (which Spark's
// and Drill's S3 connectors ask for) fails. The flag can only be given at start, hence the re-run.
const legacy = '--openssl-legacy-provider';
if (!process.execArgv.includes(legacy) && !(process.env.NODE_OPTIONS ?? '').includes(legacy)) {
  const { spawnSync } = require('node:child_process');
  const run = spawnSync(
    process.execPath,
    [legacy, ...process.execArgv, __filename, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(run.status ?? 1);
}
// The AWS SDK's notice about Node 20 is silenced; metaq supports Node 20.19 and newer.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs/api').register();
require('./metaq.ts');
