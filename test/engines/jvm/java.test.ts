import { findJava, majorVersion, requireJava } from '../../../src/engines/jvm/java';

describe('Method: majorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_392"', 8],
    ['no java here', 0],
  ])('reads %s as %d', (banner, major) => {
    expect(majorVersion(banner)).toBe(major);
  });
});

describe('Method: requireJava', () => {
  it('finds the java on PATH (this machine has a JDK 17)', () => {
    expect(findJava({ PATH: process.env.PATH }).major).toBeGreaterThanOrEqual(17);
  });

  it('names the engine, the versions it takes, what it found and the fix', () => {
    expect(() => requireJava('spark', { min: 99, max: 99 }, { PATH: process.env.PATH })).toThrow(
      /^spark needs Java 99; found \d+ at java(, \d+ at \/usr\/lib\/jvm\/\S+)* \(install one, or set JAVA_HOME to a matching JDK\)$/,
    );
  });

  it('takes a JDK under /usr/lib/jvm when the one on PATH is out of range (Trino needs 24+)', () => {
    const path = findJava({ PATH: process.env.PATH });
    const newer = requireJava('trino', { min: path.major + 1 }, { PATH: process.env.PATH });
    expect(newer.major).toBeGreaterThan(path.major);
    expect(newer.home).toMatch(/^\/usr\/lib\/jvm\//);
  });

  it('keeps to JAVA_HOME when it is set', () => {
    const home = findJava({ PATH: process.env.PATH });
    expect(() =>
      requireJava('x', { min: home.major + 1 }, { JAVA_HOME: '/usr/lib/jvm/java-17-openjdk-amd64' }),
    ).toThrow(/needs Java \d+ or newer; found 17 at \/usr\/lib\/jvm\/java-17-openjdk-amd64\/bin\/java \(/);
  });

  it('refuses a JAVA_HOME without a java', () => {
    expect(() => findJava({ JAVA_HOME: '/nowhere' })).toThrow(
      'JAVA_HOME is /nowhere, but /nowhere/bin/java does not exist: fix JAVA_HOME',
    );
  });
});
