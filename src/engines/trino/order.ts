/**
 * Keeping a query's row order through Trino's table write. Trino drops an ORDER BY under a table
 * write (a table's rows have no order), so an ordered query gets `LIMIT 2147483647` (an ordered
 * LIMIT is kept) and is written in one stream; the written plan is then checked, because a
 * result written out of order would be a silent wrong answer.
 */
export type Order = 'sorted' | 'limited' | 'none';

/** The largest LIMIT Trino takes with an ORDER BY. */
export const ORDERED_LIMIT = 2_147_483_647;

/**
 * Session properties that keep rows in one stream, in order. Writing: one writer, one file, and
 * no parallel projection between the sort and the writer (Trino puts a round-robin exchange under
 * a costly projection such as round(), unless it prefers streaming operators). Reading the result
 * back for the preview: the file in one split, read by one driver.
 */
export const inOneStream = {
  write: {
    scale_writers: false,
    task_scale_writers_enabled: false,
    redistribute_writes: false,
    task_min_writer_count: 1,
    task_max_writer_count: 1,
    prefer_streaming_operators: true,
    'hive.target_max_file_size': '1PB',
  },
  read: {
    prefer_streaming_operators: true,
    task_concurrency: 1,
    'hive.max_initial_split_size': '1PB',
    'hive.max_split_size': '1PB',
  },
};

interface PlanNode {
  name: string;
  children?: unknown[];
}

/** How the query's rows are ordered, from the top of Trino's logical plan for it. */
export function orderOf(planRoot: PlanNode): Order {
  let node: PlanNode | undefined = planRoot;
  while (node && ['Output', 'Project'].includes(node.name)) node = node.children?.[0] as PlanNode | undefined;
  if (!node) return 'none';
  if (['RemoteMerge', 'LocalMerge', 'Sort', 'PartialSort'].includes(node.name)) return 'sorted';
  if (['TopN', 'Limit', 'Offset'].includes(node.name)) return 'limited';
  return 'none';
}

/** The query as Trino is to write it: an ordered query keeps its order under the write. */
export function orderedText(query: string, order: Order): string {
  return order === 'sorted' ? `${query}\nLIMIT ${ORDERED_LIMIT}` : query;
}

/** Nodes that put rows in order: the writer must be fed by one of them through one stream. */
const ordering = /^(TopN|Limit|Offset|Sort|RemoteMerge|LocalMerge)$/;

/**
 * Whether Trino's distributed plan (`EXPLAIN (TYPE DISTRIBUTED)`, text) of the write feeds the
 * writer from the ordering node through one stream: only single-child nodes and single-stream
 * local exchanges between them, no remote exchange, no partitioned or round-robin exchange.
 */
export function writesInOrder(distributedPlan: string): boolean {
  // A node's line is a fragment's root (four spaces in) or a child (after └─ or ├─); the lines
  // between are its attributes, which can look like nodes (`count[region] => …`).
  const nodes = distributedPlan
    .split('\n')
    .map((line) => /^(?: {4}|[\s│]*[└├]─ )([A-Za-z]+)\[(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, name, rest]) => ({ name, rest }));
  const writer = nodes.findIndex(({ name }) => name === 'TableWriter');
  if (writer < 0) return false;
  for (const { name, rest } of nodes.slice(writer + 1)) {
    if (ordering.test(name)) return true;
    if (name === 'LocalExchange' && rest.startsWith('partitioning = SINGLE')) continue;
    if (name === 'Project' || name === 'Filter') continue;
    return false;
  }
  return false;
}
