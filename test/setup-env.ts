// Every test file: quiet AWS SDK notice on Node 20. Engines come from the user's engines folder
// (settings().enginesDir), where .ci/run installs them once, as a user's `metaq engines install` does.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
