#!/usr/bin/env node
// The command line, from its bundles (bin/bundle.js: built again when a source changed).
// The AWS SDK's notice about Node 20 is silenced; metaq supports Node 20.19 and newer.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('./bundle').run();
