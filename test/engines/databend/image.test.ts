/** images/databend installs what `metaq engines install databend` installs, where the engine looks. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES_DIR } from '../../../infra/constructs/workers';
import { DATABEND_PACKAGES } from '../../../src/engines/databend';
import { venvPython } from '../../../src/engines/embedded/install';
import { stampFile } from '../../../src/engines/jvm/stamp';

const root = path.resolve(__dirname, '../../..');
const dockerfile = readFileSync(path.join(root, 'images/databend/Dockerfile'), 'utf8');
/** The Dockerfile with its build arguments put in, as Docker reads it. */
const built = dockerfile
  .replaceAll(/\$\{DATABEND_VERSION\}/g, DATABEND_PACKAGES.databend)
  .replaceAll(/\$\{PYARROW_VERSION\}/g, DATABEND_PACKAGES.pyarrow);

describe('Image: images/databend', () => {
  it('installs the pinned packages into the venv the engine runs, with its stamp', () => {
    expect(dockerfile).toContain(`ARG DATABEND_VERSION=${DATABEND_PACKAGES.databend}`);
    expect(dockerfile).toContain(`ARG PYARROW_VERSION=${DATABEND_PACKAGES.pyarrow}`);
    const python = venvPython(ENGINES_DIR, 'databend');
    expect(built).toContain(`-m venv ${path.dirname(path.dirname(python))}`);
    expect(built).toContain(`${python} -m pip install`);
    expect(built).toContain('--no-deps');
    for (const [name, version] of Object.entries(DATABEND_PACKAGES))
      expect(built).toContain(`"${name}==${version}"`);
    expect(built).toContain(`> ${stampFile(path.join(ENGINES_DIR, 'databend'))}`);
    const stamp = /printf '(\{.*\})' "([^"]+)" "([^"]+)"/.exec(built);
    expect(JSON.parse(stamp?.[1].replace('%s', stamp[2]).replace('%s', stamp[3]) ?? '{}')).toEqual(
      DATABEND_PACKAGES,
    );
    expect(dockerfile).toContain(`ENV METAQ_ENGINES_DIR=${ENGINES_DIR}`);
  });

  it('brings the bundled worker, run as an unprivileged user', () => {
    expect(dockerfile).toMatch(/COPY --from=agent \/build\/dist\/ \$\{LAMBDA_TASK_ROOT\}\//);
    expect(dockerfile).toContain('USER metaq');
    expect(dockerfile).toContain('CMD ["worker.handler"]');
  });
});
