/** The campaign's summary.md: the headline counts, the tables, the findings and how to replay them. */
import { table } from '../report';
import type { ChaosResults } from './campaign';
import { describeScenario } from './scenario';
import { type GroupSummary, isClean, maxOf, medianOf, summarise } from './summary';

const statusCell = (group: GroupSummary, status: string) => String(group.statuses[status] ?? 0);
const errorsCell = (group: GroupSummary) =>
  Object.entries(group.errors)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || '—';

function groupTable(first: string, groups: GroupSummary[], total: GroupSummary): string {
  return table(
    [
      first,
      'runs',
      'struck',
      'SUCCEEDED',
      'FAILED',
      'ABORTED',
      'left',
      'lost',
      'open',
      'wrong',
      'fault → clean median',
      'max',
      'errors recorded',
    ],
    [...groups, total].map((group) => [
      group === total ? '**all**' : group.label,
      String(group.runs),
      String(group.applied),
      statusCell(group, 'SUCCEEDED'),
      statusCell(group, 'FAILED'),
      statusCell(group, 'ABORTED'),
      String(group.left),
      String(group.lost),
      String(group.open),
      String(group.wrong),
      medianOf(group.teardownMs),
      maxOf(group.teardownMs),
      errorsCell(group),
    ]),
  );
}

export function chaosMarkdown(results: ChaosResults, figure?: string): string {
  const summary = summarise(results);
  const { total } = summary;
  const { machine } = results;
  const replay = (run: number) =>
    `npm run chaos -- --seed ${results.seed} --engines ${results.engines.join(',')} --from ${run} --runs 1`;
  const parts = [
    `### ${results.date.slice(0, 10)} · chaos · seed ${results.seed} · ${results.runs.length} runs · ${results.engines.join(', ')}`,
    `Runs ${results.from}–${results.from + results.runs.length - 1} of seed ${results.seed}. Machine: ${machine.cpus} × ${machine.cpuModel}, ` +
      `${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}; 1-minute load average ${machine.loadBefore.toFixed(2)} → ` +
      `${machine.loadAfter?.toFixed(2) ?? '?'}. Home: \`${results.home}\`.`,
    `**${isClean(summary) ? 'Nothing left, lost or wrongly reported.' : `${summary.findings.length} run(s) with findings.`}** ` +
      `Processes left ${total.left}, records lost ${total.lost}, sessions left open ${total.open}, wrong statuses ${total.wrong}, ` +
      `runs that could not be made ${total.harness}; fault → clean teardown median ${medianOf(total.teardownMs)}, max ${maxOf(total.teardownMs)} ` +
      `(over the ${total.teardownMs.length} runs a fault ended).`,
    '*struck*: the fault reached the query while it ran (a kill found its target, a METAQ_CHAOS fault fired on an admitted worker); ' +
      'a run it did not reach must succeed. *left*: processes of the query (its session id in their environment or command line) ' +
      `alive ${results.graceMs / 1000} s after the run was over. *lost*: no history record, or one still RUNNING. *open*: the ` +
      'session, a worker item or the record not closed by a teardown. *wrong*: a fault reported as success, a success without its ' +
      'result files, manifest or answer, a failure without a named error or not the one the fault must give, or the door saying ' +
      'other than the record. *fault → clean*: from the fault to the record released and the last process gone.',
    '#### By fault',
    groupTable('fault', summary.byFault, total),
    '#### By engine',
    groupTable('engine', summary.byEngine, total),
    '#### By the phase the fault struck in',
    groupTable('phase', summary.byPhase, total),
  ];
  if (summary.findings.length > 0) {
    parts.push('#### Findings');
    parts.push(
      summary.findings
        .map(
          ({ run, problems }) =>
            `- run ${run.scenario.run} (${describeScenario(run.scenario)}, query \`${run.queryId ?? '?'}\`): ${problems.join('; ')}. ` +
            `Replay: \`${replay(run.scenario.run)}\``,
        )
        .join('\n'),
    );
  }
  if (figure) parts.push(`![chaos](${figure})`);
  return `${parts.join('\n\n')}\n`;
}
