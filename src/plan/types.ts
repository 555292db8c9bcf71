/** The plan: what the optimizer decides for one query, and what every later state reads. */
import type { EngineName } from '../engines/registry';

// The engines are the registry's: one list.
export { type EngineName, engineNames } from '../engines/registry';

export const platformNames = ['local', 'lambda', 'ecs'] as const;
export type PlatformName = (typeof platformNames)[number];

export const formats = ['parquet', 'csv', 'json'] as const;
export type Format = (typeof formats)[number];

export interface TableRef {
  location: string;
  format: Format;
  /** Its columns as DuckDB reads them (name and DuckDB type), where known: engines that declare tables need them. */
  columns?: { name: string; type: string }[];
  /** Total size of the table's files, when known (from the catalog or a listing). */
  bytes?: number;
  files?: number;
}

export interface Plan {
  queryId: string;
  sql: string;
  engine: EngineName;
  platform: PlatformName;
  workers: number;
  spares: number;
  memoryMb: number;
  config: Record<string, string | number | boolean>;
  tables: Record<string, TableRef>;
  output: { location: string; format: Format };
  limits: { timeoutSeconds: number; rendezvousSeconds: number; maxCostUsd?: number };
  tags: Record<string, string>;
  /** Why the optimizer chose what it chose, one line per decision (shown by `metaq show`). */
  reasons: string[];
  createdAt: string;
}
