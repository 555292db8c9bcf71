#!/usr/bin/env node
// Runs the TypeScript command line directly (no build step).
// The AWS SDK's notice about Node 20 is silenced; metaq supports Node 20.19 and newer.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs/api').register();
require('./metaq.ts');
