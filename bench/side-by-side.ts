/** What measuring alternatives side by side in one run needs: their order rotated, their settings applied. */

/** The items starting at `by` (mod their count): each repeat puts another alternative first. */
export function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/**
 * Runs `work` with `env` in this process's environment (undefined: the variable unset), and so in
 * every worker it launches; the environment is as before afterwards, whatever happens.
 */
export async function withSettings<T>(
  env: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(env);
  try {
    return await work();
  } finally {
    apply(before);
  }
}
