/**
 * The execution input: what a user, the CLI, the console or a schedule sends. One schema validates
 * it and documents it; only `sql` is required, everything else the optimizer chooses.
 */
import { z } from 'zod';
import { InvalidQueryInput } from './errors';
import { controlCharacter } from './query-text';
import { engineNames, formats, platformNames } from './types';

export const MAX_WORKERS = 64;
export const MAX_SPARES = 16;

const tableSchema = z.strictObject({
  location: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]+[a-z0-9](\/.*)?$/, 'must be an s3:// URL'),
  format: z.enum(formats),
});

/**
 * The execution's state carries the SQL twice (the input and the plan) beside a preview of up to
 * 32 KB, within Step Functions' 256 KB (UTF-8 bytes); the history record keeps it three times in a
 * DynamoDB item of 400 KB.
 */
export const MAX_SQL_BYTES = 64 * 1024;

export const queryInputSchema = z.strictObject({
  sql: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((sql) => Buffer.byteLength(sql) <= MAX_SQL_BYTES, {
      error: (issue) =>
        `is ${Buffer.byteLength(String(issue.input)).toLocaleString('en')} bytes long (UTF-8), more than ${MAX_SQL_BYTES.toLocaleString('en')}`,
    })
    // Engines read a NUL as the end of the text: `select 1\u0000 as a` ran as `select 1`.
    .refine((sql) => !controlCharacter(sql), {
      error: (issue) => {
        const found = controlCharacter(String(issue.input));
        return `holds the control character ${found?.code} at position ${found?.position}, which engines read differently`;
      },
    }),
  engine: z.enum(['auto', ...engineNames]).default('auto'),
  platform: z.enum(platformNames).optional(),
  workers: z.number().int().min(1).max(MAX_WORKERS).optional(),
  spares: z.number().int().min(0).max(MAX_SPARES).optional(),
  memoryMb: z.number().int().min(128).max(10240).optional(),
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  tables: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier'), tableSchema)
    .default({}),
  output: z
    .strictObject({
      format: z.enum(formats).default('parquet'),
      location: z
        .string()
        .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]+[a-z0-9]\/.*\/$/, 'must be an s3:// folder URL ending in /')
        .optional(),
    })
    .default({ format: 'parquet' }),
  limits: z
    .strictObject({
      timeoutSeconds: z.number().int().min(1).max(7200).default(600),
      // The platform's default when left out (plan/limits.ts).
      rendezvousSeconds: z.number().int().min(1).max(900).optional(),
      maxCostUsd: z.number().positive().optional(),
    })
    .default({ timeoutSeconds: 600 }),
  tags: z.record(z.string(), z.string()).default({}),
});

export type QueryInput = z.infer<typeof queryInputSchema>;

const fixes: Record<string, string> = {
  sql: 'Pass the query text, e.g. {"sql": "SELECT 42"}, with no control characters but tab and line breaks, at most 64 KB (long value lists belong in a table)',
  engine: `Choose one of: auto, ${engineNames.join(', ')}`,
  platform: `Choose one of: ${platformNames.join(', ')}`,
  workers: `Choose a whole number from 1 to ${MAX_WORKERS}`,
  spares: `Choose a whole number from 0 to ${MAX_SPARES}`,
  memoryMb: 'Choose a whole number of MB from 128 to 10240',
  output: `Formats: ${formats.join(', ')}; locations: s3://bucket/folder/`,
  tables: `Each table is {"location": "s3://bucket/path/", "format": "${formats.join('|')}"}`,
  limits:
    'Choose limits.timeoutSeconds from 1 to 7200, limits.rendezvousSeconds from 1 to 900, limits.maxCostUsd above 0',
};

/** Parses the input, or throws `InvalidQueryInput` naming the first bad field and its fix. */
export function parseQueryInput(raw: unknown): QueryInput {
  const parsed = queryInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : (unknownKey(issue) ?? 'input');
  const top = String(issue.path[0] ?? field);
  const fix = fixes[top] ?? `Known fields: ${Object.keys(queryInputSchema.shape).join(', ')}`;
  const got = valueAt(raw, issue.path);
  const problem = got === undefined ? issue.message : `${issue.message} (got ${shown(got)})`;
  throw new InvalidQueryInput(field, problem, fix);
}

/** The value as the error quotes it: a long one cut (the message lands in the history record). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 120)}… (${text.length} characters)` : text;
}

function unknownKey(issue: z.core.$ZodIssue): string | undefined {
  return issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value: unknown = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === raw ? undefined : value;
}
