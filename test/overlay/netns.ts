import { execFileSync, spawnSync } from 'node:child_process';

/*
 * The isolation lab: a "public" namespace with a bridge (the internet, where the reflector lives) and,
 * for each worker, a NAT namespace (MASQUERADE out, every inbound NEW connection dropped, as Lambda
 * does) with a worker namespace behind it. Rules live inside the NAT namespaces (nftables), so
 * deleting the namespaces removes every veth and every rule: nothing is left on the host.
 *
 *   worker i (10.0.i.2) ── in │ NAT i │ pub (203.0.113.(10+i)) ── bridge (203.0.113.1, reflector)
 */

export const REFLECTOR_ADDRESS = '203.0.113.1';

export interface LabWorker {
  ns: string;
  natNs: string;
  privateAddress: string;
  natAddress: string;
}

export interface Lab {
  publicNs: string;
  workers: LabWorker[];
  /** Makes every NAT drop what its worker sends to anyone but the reflector: punching must fail. */
  blockPunching(): void;
  allowPunching(): void;
  teardown(): void;
}

/** Fails, rather than skips, where the lab cannot be built: the proof must not pass by not running. */
export function requireLabTools(): void {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the isolation tests need root (network namespaces and NAT rules): run them as root, as .ci/run does',
    );
  }
  for (const [tool, pkg] of [
    ['ip', 'iproute2'],
    ['nft', 'nftables'],
  ]) {
    if (spawnSync(tool, ['-V']).error)
      throw new Error(`the isolation tests need \`${tool}\`: apt-get install -y ${pkg}`);
  }
}

function run(command: string, args: string[], input?: string): void {
  try {
    execFileSync(command, args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr || (error as Error).message}`, {
      cause: error,
    });
  }
}

function ip(...args: string[]): void {
  run('ip', args);
}

function inNs(ns: string, command: string, args: string[], input?: string): void {
  run('ip', ['netns', 'exec', ns, command, ...args], input);
}

function natRules(): string {
  return `
table inet lab {
  chain postrouting { type nat hook postrouting priority srcnat; oifname "pub" masquerade; }
  chain forward { type filter hook forward priority filter; policy accept; iifname "pub" ct state new drop; }
  chain input { type filter hook input priority filter; policy accept; iifname "pub" ct state new drop; }
  chain block { type filter hook forward priority filter - 10; policy accept; }
}
`;
}

/** Builds the lab for `count` workers under `prefix` (unique per run, so runs never collide). */
export function buildLab(prefix: string, count: number): Lab {
  const publicNs = `${prefix}-pub`;
  const workers = Array.from({ length: count }, (_, i) => ({
    ns: `${prefix}-w${i}`,
    natNs: `${prefix}-nat${i}`,
    privateAddress: `10.0.${i}.2`,
    natAddress: `203.0.113.${10 + i}`,
  }));
  const lab: Lab = {
    publicNs,
    workers,
    blockPunching: () => {
      for (const w of workers) {
        inNs(w.natNs, 'nft', [
          'add',
          'rule',
          'inet',
          'lab',
          'block',
          'oifname',
          'pub',
          'ip',
          'daddr',
          '!=',
          REFLECTOR_ADDRESS,
          'drop',
        ]);
      }
    },
    allowPunching: () => {
      for (const w of workers) inNs(w.natNs, 'nft', ['flush', 'chain', 'inet', 'lab', 'block']);
    },
    teardown: () => removeNamespaces([publicNs, ...workers.flatMap((w) => [w.natNs, w.ns])]),
  };
  try {
    addNamespace(publicNs);
    ip('-n', publicNs, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', publicNs, 'addr', 'add', `${REFLECTOR_ADDRESS}/24`, 'dev', 'br0');
    ip('-n', publicNs, 'link', 'set', 'br0', 'up');
    for (const [i, w] of workers.entries()) addWorker(publicNs, w, i);
    return lab;
  } catch (error) {
    lab.teardown();
    throw error;
  }
}

function addNamespace(ns: string): void {
  ip('netns', 'add', ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
}

function addWorker(publicNs: string, w: LabWorker, i: number): void {
  addNamespace(w.natNs);
  addNamespace(w.ns);
  ip('link', 'add', 'pub', 'netns', w.natNs, 'type', 'veth', 'peer', 'name', `nat${i}`, 'netns', publicNs);
  ip('-n', publicNs, 'link', 'set', `nat${i}`, 'master', 'br0', 'up');
  ip('-n', w.natNs, 'addr', 'add', `${w.natAddress}/24`, 'dev', 'pub');
  ip('-n', w.natNs, 'link', 'set', 'pub', 'up');
  ip('link', 'add', 'in', 'netns', w.natNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', w.ns);
  ip('-n', w.natNs, 'addr', 'add', `10.0.${i}.1/24`, 'dev', 'in');
  ip('-n', w.natNs, 'link', 'set', 'in', 'up');
  ip('-n', w.ns, 'addr', 'add', `${w.privateAddress}/24`, 'dev', 'eth0');
  ip('-n', w.ns, 'link', 'set', 'eth0', 'up');
  ip('-n', w.ns, 'route', 'add', 'default', 'via', `10.0.${i}.1`);
  inNs(w.natNs, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  inNs(w.natNs, 'nft', ['-f', '-'], natRules());
}

/** Deletes the namespaces that exist (veths and rules go with them); every one is tried. */
function removeNamespaces(names: string[]): void {
  const existing = new Set(
    execFileSync('ip', ['netns', 'list'])
      .toString()
      .split('\n')
      .map((line) => line.split(' ')[0]),
  );
  for (const ns of names.filter((name) => existing.has(name))) spawnSync('ip', ['netns', 'del', ns]);
}

/**
 * Deletes the labs of earlier runs whose test process is gone (killed before its afterAll could
 * run): their prefix carries the process id, so a lab of a run still going is never touched.
 */
export function removeStaleLabs(): void {
  const stale = execFileSync('ip', ['netns', 'list'])
    .toString()
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((ns) => {
      const pid = /^mqov(\d+)-/.exec(ns)?.[1];
      return pid !== undefined && !isAlive(Number(pid));
    });
  removeNamespaces(stale);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The namespaces of this lab that still exist: what a test checks after teardown. */
export function leftovers(prefix: string): string[] {
  return execFileSync('ip', ['netns', 'list'])
    .toString()
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((ns) => ns.startsWith(`${prefix}-`));
}
