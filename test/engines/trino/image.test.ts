/** images/trino installs what `metaq engines install trino` installs, where the engine looks for it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES_DIR } from '../../../infra/constructs/workers';
import { stampFile } from '../../../src/engines/jvm/stamp';
import { JAVA_MIN, TRINO_PLUGINS, TRINO_VERSION, trinoInstall } from '../../../src/engines/trino/layout';

const root = path.resolve(__dirname, '../../..');
const dockerfile = readFileSync(path.join(root, 'images/trino/Dockerfile'), 'utf8');

describe('Image: images/trino', () => {
  it('unpacks the server the install takes into the install layout, with its stamp', () => {
    const layout = trinoInstall(ENGINES_DIR);
    expect(dockerfile).toContain(`ARG TRINO_VERSION=${TRINO_VERSION}`);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ${TRINO_VERSION}.
    expect(dockerfile).toContain('-Dartifact=io.trino:trino-server:${TRINO_VERSION}:tar.gz');
    expect(dockerfile).toContain(`-C ${layout.home} --strip-components=1`);
    expect(dockerfile).toContain(`! -name ${TRINO_PLUGINS[0]}`);
    expect(TRINO_PLUGINS).toEqual(['hive']);
    expect(dockerfile).toContain(`> ${stampFile(layout.home)}`);
    expect(dockerfile).toContain(`ENV METAQ_ENGINES_DIR=${ENGINES_DIR}`);
  });

  it('brings a Java Trino runs on and the bundled worker', () => {
    const java = Number(/java-(\d+)-amazon-corretto-headless/.exec(dockerfile)?.[1]);
    expect(java).toBeGreaterThanOrEqual(JAVA_MIN);
    expect(dockerfile).toMatch(/COPY --from=agent \/build\/dist\/ \$\{LAMBDA_TASK_ROOT\}\//);
    expect(dockerfile).toContain('CMD ["worker.handler"]');
  });
});
