/**
 * Ports per host. Members on one host reserve their ports independently (at registration) and
 * release them at once, so two may hold the same port: such a port is used by neither, the same
 * way on every member, so that everyone agrees on who binds what. An engine whose daemons also
 * bind the port after one they were given (Drill's data port is control + 1) says so.
 */
import type { Member } from '../../session/types';

export class PortsTaken extends Error {
  override name = 'PortsTaken' as const;
}

export interface HostPorts {
  /** Each port also takes the next one: another member's port + 1 is not usable either. */
  takesNext?: boolean;
}

/** The ports other members on `member`'s address hold (and the next ones, with `takesNext`). */
export function takenOnHost(
  member: Member,
  members: Member[],
  { takesNext = false }: HostPorts = {},
): Set<number> {
  return new Set(
    members
      .filter((other) => other.rank !== member.rank && other.address === member.address)
      .flatMap((other) => other.ports.flatMap((port) => (takesNext ? [port, port + 1] : [port]))),
  );
}

/** `member`'s reserved ports that no other member on its address also holds. */
export function portsOnHost(member: Member, members: Member[], options: HostPorts = {}): number[] {
  const taken = takenOnHost(member, members, options);
  return member.ports.filter((port) => port > 0 && !taken.has(port));
}

/** The first `count` of `ports`, or PortsTaken naming the worker and what to do. */
export function assignPorts(engine: string, member: Member, ports: number[], count: number): number[] {
  if (ports.length < count)
    throw new PortsTaken(
      `worker ${member.index} has ${ports.length} port(s) no other member on its host also holds; ${engine} needs ${count}: run the query again`,
    );
  return ports.slice(0, count);
}
