/**
 * The network of the local platform's isolated mode (METAQ_NETWORK=isolated), as Lambda gives it:
 * a "public" namespace with a bridge (the internet, where the reflector lives) and, for each
 * worker, a NAT namespace (MASQUERADE out, every inbound NEW connection dropped) with a worker
 * namespace behind it. Rules live inside the NAT namespaces (nftables) and every veth has an end in
 * one of them, so deleting the namespaces removes everything: nothing is left on the host.
 *
 *   worker i (10.0.i.2) ── in │ NAT i │ pub (203.0.113.(10+i)) ── bridge (203.0.113.1, reflector)
 *
 * The overlay's lab (test/overlay/netns.ts) builds its namespaces with these functions too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { IsolationUnavailable, NetworkSetupFailed } from './isolated-errors';
import { processExists } from './process-group';

/** The public bridge's address: the reflector and the control plane's gateway listen on it. */
export const PUBLIC_ADDRESS = '203.0.113.1';

export interface IsolatedWorker {
  /** The namespace the worker process runs in. */
  ns: string;
  natNs: string;
  privateAddress: string;
  /** Its NAT's address on the public bridge: what the reflector sees. */
  natAddress: string;
}

/** Fails, naming what is missing and how to get it, where namespaces and NAT rules cannot be made. */
export function requireIsolationTools(): void {
  if (process.getuid?.() !== 0) {
    throw new IsolationUnavailable(
      'METAQ_NETWORK=isolated needs root (network namespaces and NAT rules): run metaq as root, or unset METAQ_NETWORK',
    );
  }
  for (const [tool, pkg] of [
    ['ip', 'iproute2'],
    ['nft', 'nftables'],
  ]) {
    if (spawnSync(tool, ['-V']).error)
      throw new IsolationUnavailable(`METAQ_NETWORK=isolated needs \`${tool}\`: apt-get install -y ${pkg}`);
  }
}

function run(command: string, args: string[], input?: string): void {
  try {
    execFileSync(command, args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new NetworkSetupFailed(
      `${command} ${args.join(' ')} failed: ${stderr || (error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

const ip = (...args: string[]) => run('ip', args);

/** Runs a command inside a namespace (the lab adds and removes rules with it). */
export function inNamespace(ns: string, command: string, args: string[], input?: string): void {
  run('ip', ['netns', 'exec', ns, command, ...args], input);
}

/** A cone NAT keeps the source port where it can; a symmetric one picks a random port per connection. */
export type NatKind = 'cone' | 'symmetric';

const natRules = (kind: NatKind) => `
table inet lab {
  chain postrouting { type nat hook postrouting priority srcnat; oifname "pub" masquerade${kind === 'symmetric' ? ' fully-random' : ''}; }
  chain forward { type filter hook forward priority filter; policy accept; iifname "pub" ct state new drop; }
  chain input { type filter hook input priority filter; policy accept; iifname "pub" ct state new drop; }
  chain block { type filter hook forward priority filter - 10; policy accept; }
}
`;

/** The public namespace `<prefix>-pub` with its bridge; removed again if it cannot be completed. */
export function addPublicNamespace(prefix: string): string {
  const ns = `${prefix}-pub`;
  try {
    addNamespace(ns);
    ip('-n', ns, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', ns, 'addr', 'add', `${PUBLIC_ADDRESS}/24`, 'dev', 'br0');
    ip('-n', ns, 'link', 'set', 'br0', 'up');
    return ns;
  } catch (error) {
    removeNamespaces([ns]);
    throw error;
  }
}

/** The names of worker `i`'s namespaces and addresses under `prefix`. */
export function isolatedWorker(prefix: string, i: number): IsolatedWorker {
  if (!Number.isInteger(i) || i < 0 || i > 240) {
    throw new RangeError(`worker ${i} has no address in the isolated network (0 to 240)`);
  }
  return {
    ns: `${prefix}-w${i}`,
    natNs: `${prefix}-nat${i}`,
    privateAddress: `10.0.${i}.2`,
    natAddress: `203.0.113.${10 + i}`,
  };
}

/** Worker `i`'s NAT and worker namespaces, wired to the public bridge; removed again on failure. */
export function addWorkerNamespaces(
  prefix: string,
  publicNs: string,
  i: number,
  nat: NatKind = 'cone',
): IsolatedWorker {
  const w = isolatedWorker(prefix, i);
  try {
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
    inNamespace(w.natNs, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    inNamespace(w.natNs, 'nft', ['-f', '-'], natRules(nat));
    return w;
  } catch (error) {
    removeNamespaces([w.natNs, w.ns]);
    throw error;
  }
}

function addNamespace(ns: string): void {
  ip('netns', 'add', ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
}

function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'])
    .toString()
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter(Boolean);
}

/**
 * Deletes the namespaces that exist (their veths and rules go with them); every one is tried, and
 * the names of those still there afterwards are returned.
 */
export function removeNamespaces(names: string[]): string[] {
  const existing = new Set(namespaces());
  for (const ns of names.filter((name) => existing.has(name))) spawnSync('ip', ['netns', 'del', ns]);
  const left = new Set(namespaces());
  return names.filter((name) => left.has(name));
}

/** The namespaces under `prefix` that exist: what teardown and the tests check. */
export function namespacesUnder(prefix: string): string[] {
  return namespaces().filter((ns) => ns.startsWith(`${prefix}-`));
}

/**
 * Deletes the namespaces of earlier processes that are gone (killed before they could clean up):
 * names are `<tag><pid>-...`, so those of a process still running are never touched.
 */
export function removeStaleNamespaces(tag: string): string[] {
  const pattern = new RegExp(`^${tag}(\\d+)-`);
  const stale = namespaces().filter((ns) => {
    const pid = pattern.exec(ns)?.[1];
    return pid !== undefined && !processExists(Number(pid));
  });
  removeNamespaces(stale);
  return stale;
}
