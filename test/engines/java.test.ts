import { findJava, majorVersion, requireJava } from '../../src/engines/java';

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
    expect(() => requireJava('spark', 99, 99, { PATH: process.env.PATH })).toThrow(
      /^spark needs Java 99; found \d+ at java \(set JAVA_HOME to a matching JDK\)$/,
    );
  });

  it('refuses a JAVA_HOME without a java', () => {
    expect(() => findJava({ JAVA_HOME: '/nowhere' })).toThrow(
      'JAVA_HOME is /nowhere, but /nowhere/bin/java does not exist: fix JAVA_HOME',
    );
  });
});
