/** images/drill installs what `metaq engines install drill` installs, where the engine looks for it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES_DIR } from '../../../infra/constructs/workers';
import { DRILL_VERSION, drillInstall, ZOOKEEPER_VERSION } from '../../../src/engines/drill/layout';
import { stampFile } from '../../../src/engines/jvm/stamp';

const root = path.resolve(__dirname, '../../..');
const dockerfile = readFileSync(path.join(root, 'images/drill/Dockerfile'), 'utf8');

describe('Image: images/drill', () => {
  it('resolves the install poms into the install layout, with the versions the engine expects', () => {
    const layout = drillInstall(ENGINES_DIR);
    expect(dockerfile).toContain(`ARG DRILL_VERSION=${DRILL_VERSION}`);
    expect(dockerfile).toContain(`ARG ZOOKEEPER_VERSION=${ZOOKEEPER_VERSION}`);
    expect(dockerfile).toContain('COPY src/engines/drill/pom.xml src/engines/drill/zookeeper.pom.xml ./');
    expect(dockerfile).toContain(`-DoutputDirectory=${layout.jars}`);
    expect(dockerfile).toContain(`-DoutputDirectory=${layout.zookeeperJars}`);
    expect(dockerfile).toContain(`> ${stampFile(layout.home)}`);
    expect(dockerfile).toContain(`ENV METAQ_ENGINES_DIR=${ENGINES_DIR}`);
  });

  it('brings a Java Drill runs on and the bundled worker', () => {
    expect(dockerfile).toContain('java-17-amazon-corretto-headless');
    expect(dockerfile).toMatch(/COPY --from=agent \/build\/dist\/ \$\{LAMBDA_TASK_ROOT\}\//);
    expect(dockerfile).toContain('CMD ["worker.handler"]');
  });
});
