// Every test file: quiet AWS SDK notice on Node 20, and one shared engines folder so that DuckDB's
// httpfs extension is installed once per checkout (by .ci/run), not once per test.
import path from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.METAQ_ENGINES_DIR ??= path.resolve(__dirname, '../.metaq/engines');
