/**
 * A failed query's reason as a user reads it. When a fragment fails, Drill's error says only
 * "SYSTEM ERROR: Drill Remote Exception" (or the like); the cause is in the profile's
 * `verboseError`, as `(class) message` blocks between Java stack frames. Their messages are kept,
 * the frames and Drill's pointers to its logs dropped.
 */

const MAX_CHARS = 1500;

/** A stack frame (`org.apache.drill.X.y():123`, `.......():0`), or Drill's own bookkeeping. */
const NOISE = /^(\S+\(\):\d+|\[Error Id: .*\]|Please, refer to logs.*|Fragment:? .*)$/;
const CAUSE = /^(?:Caused By )?\(([\w.$]+)\) ?(.*)$/;

/** Drill's error text, with the causes its verbose error gives that the text does not already say. */
export function failureReason(error: string, verboseError?: string): string {
  const summary = readable(error.split('\n'));
  const causes = verboseError ? causesOf(verboseError).filter((cause) => !summary.includes(cause)) : [];
  const reason = causes.length > 0 ? `${summary} (caused by: ${causes.join('; caused by: ')})` : summary;
  return reason.length > MAX_CHARS ? `${reason.slice(0, MAX_CHARS - 1)}…` : reason;
}

/** The message of each `(class) message` block, in order, without repeats. */
export function causesOf(verboseError: string): string[] {
  const causes: string[] = [];
  let current: string[] | undefined;
  const close = () => {
    const message = current && readable(current);
    if (message && !causes.includes(message)) causes.push(message);
    current = undefined;
  };
  for (const line of verboseError.split('\n').map((text) => text.trim())) {
    const cause = CAUSE.exec(line);
    if (cause) {
      close();
      current = [cause[2] || cause[1]];
    } else if (NOISE.test(line)) close();
    else current?.push(line);
  }
  close();
  return causes;
}

/** The lines a user reads, joined: blank lines and Drill's bookkeeping dropped. */
function readable(lines: string[]): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.test(line))
    .join(' ');
}
