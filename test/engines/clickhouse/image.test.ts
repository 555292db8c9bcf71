/** images/clickhouse installs what `metaq engines install clickhouse` installs, where the engine looks. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES_DIR } from '../../../infra/constructs/workers';
import { CLICKHOUSE_PACKAGES } from '../../../src/engines/clickhouse';
import { venvPython } from '../../../src/engines/embedded/install';
import { stampFile } from '../../../src/engines/jvm/stamp';

const root = path.resolve(__dirname, '../../..');
const dockerfile = readFileSync(path.join(root, 'images/clickhouse/Dockerfile'), 'utf8');
const version = CLICKHOUSE_PACKAGES['chdb-core'];
const built = dockerfile.replaceAll(/\$\{CHDB_CORE_VERSION\}/g, version);

describe('Image: images/clickhouse', () => {
  it('installs the pinned package into the venv the engine runs, with its stamp', () => {
    expect(dockerfile).toContain(`ARG CHDB_CORE_VERSION=${version}`);
    const python = venvPython(ENGINES_DIR, 'clickhouse');
    expect(built).toContain(`-m venv ${path.dirname(path.dirname(python))}`);
    expect(built).toContain(`${python} -m pip install`);
    expect(built).toContain(`"chdb-core==${version}"`);
    expect(built).toContain(`> ${stampFile(path.join(ENGINES_DIR, 'clickhouse'))}`);
    expect(JSON.parse(/printf '(\{.*\})'/.exec(built)?.[1].replace('%s', version) ?? '{}')).toEqual(
      CLICKHOUSE_PACKAGES,
    );
    expect(dockerfile).toContain(`ENV METAQ_ENGINES_DIR=${ENGINES_DIR}`);
  });

  it('brings the bundled worker, run as an unprivileged user', () => {
    expect(dockerfile).toMatch(/COPY --from=agent \/build\/dist\/ \$\{LAMBDA_TASK_ROOT\}\//);
    expect(dockerfile).toContain('USER metaq');
    expect(dockerfile).toContain('CMD ["worker.handler"]');
  });
});
