/**
 * The Maven project whose runtime dependencies are the S3 connector for Spark: hadoop-aws without
 * the 686 MB AWS SDK bundle, plus the SDK modules it really loads (measured: s3-transfer-manager at
 * the first s3a access, netty-nio-client for multipart uploads). Spark already carries netty,
 * httpclient, commons-codec and commons-logging, so those are excluded.
 */
import { AWS_SDK_VERSION, HADOOP_VERSION } from './layout';

const exclusions = (pairs: [string, string][]) =>
  `<exclusions>${pairs
    .map(
      ([group, artifact]) =>
        `<exclusion><groupId>${group}</groupId><artifactId>${artifact}</artifactId></exclusion>`,
    )
    .join('')}</exclusions>`;

const sdk = (artifact: string, excluded: [string, string][] = []) =>
  `    <dependency><groupId>software.amazon.awssdk</groupId><artifactId>${artifact}</artifactId><version>${AWS_SDK_VERSION}</version>${excluded.length ? exclusions(excluded) : ''}</dependency>`;

export function s3aPom(): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>metaq</groupId><artifactId>spark-s3a</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.hadoop</groupId><artifactId>hadoop-aws</artifactId><version>${HADOOP_VERSION}</version>${exclusions(
      [
        ['software.amazon.awssdk', 'bundle'],
        ['org.wildfly.openssl', '*'],
      ],
    )}</dependency>
${sdk('s3', [['org.slf4j', '*']])}
${sdk('s3-transfer-manager')}
${sdk('netty-nio-client', [['io.netty', '*']])}
${sdk('apache-client', [
  ['org.apache.httpcomponents', '*'],
  ['commons-codec', '*'],
  ['commons-logging', '*'],
])}
  </dependencies>
</project>
`;
}
