/** images/flink installs what `metaq engines install flink` installs, where the engine looks for it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENGINES_DIR } from '../../../infra/constructs/workers';
import {
  FLINK_VERSION,
  flinkInstall,
  HADOOP_VERSION,
  LIB_ARTIFACTS,
  S3_PLUGIN,
} from '../../../src/engines/flink/layout';
import { flinkTraits } from '../../../src/engines/flink/traits';
import { stampFile } from '../../../src/engines/jvm/stamp';

const root = path.resolve(__dirname, '../../..');
const dockerfile = readFileSync(path.join(root, 'images/flink/Dockerfile'), 'utf8');
/** The Dockerfile with its build arguments put in, as Docker reads it. */
const built = dockerfile
  .replaceAll(/\$\{FLINK_VERSION\}/g, FLINK_VERSION)
  .replaceAll(/\$\{HADOOP_VERSION\}/g, HADOOP_VERSION);

describe('Image: images/flink', () => {
  it('fetches what the install fetches into the install layout, with its stamp', () => {
    const layout = flinkInstall(ENGINES_DIR);
    expect(dockerfile).toContain(`ARG FLINK_VERSION=${FLINK_VERSION}`);
    expect(dockerfile).toContain(`ARG HADOOP_VERSION=${HADOOP_VERSION}`);
    expect(built).toContain(`apache-flink-libraries==${FLINK_VERSION}`);
    expect(built).toContain(`mv /wheel/pyflink/lib ${layout.lib}`);
    for (const artifact of LIB_ARTIFACTS) expect(built).toContain(artifact);
    expect(built).toContain(`-DoutputDirectory=${layout.lib}`);
    expect(built).toContain(`-Dartifact=${S3_PLUGIN}`);
    expect(built).toContain(`-DoutputDirectory=${layout.plugins}/s3-fs-hadoop`);
    expect(dockerfile).toContain(`> ${stampFile(layout.home)}`);
    expect(dockerfile).toContain(`ENV METAQ_ENGINES_DIR=${ENGINES_DIR}`);
  });

  it('brings a Java Flink runs on and the bundled worker', () => {
    const java = Number(/java-(\d+)-amazon-corretto-headless/.exec(dockerfile)?.[1]);
    expect(java).toBeGreaterThanOrEqual(flinkTraits.java?.min ?? 0);
    expect(java).toBeLessThanOrEqual(flinkTraits.java?.max ?? 0);
    expect(dockerfile).toMatch(/COPY --from=agent \/build\/dist\/ \$\{LAMBDA_TASK_ROOT\}\//);
    expect(dockerfile).toContain('CMD ["worker.handler"]');
  });
});
