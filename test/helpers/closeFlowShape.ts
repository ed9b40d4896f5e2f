import type { FlowJob, FlowJobNode } from 'bullmq';
import { computeFlow, planFlow } from '../../jobs/bullmq/closeFlow';
import { closeJobIds } from '../../jobs/bullmq/jobIds';

/** Every node of both trees of a two-file, two-partner close, marked as child or root. */
export function closeFlow(): { name: string; child: boolean; opts: FlowJobNode['opts'] }[] {
  const ids = closeJobIds('2026-10', 'all', 1, 0);
  const trees: FlowJob[] = [
    planFlow(ids, { period: '2026-10', outDir: '/out', inputDir: '/in', files: ['consumption.csv', 'reference/partners.csv'] }),
    computeFlow(ids, 1, '/out', ['P1', 'P2'], false),
  ];
  const nodes: { name: string; child: boolean; opts: FlowJobNode['opts'] }[] = [];
  const walk = (node: FlowJob | FlowJobNode, child: boolean) => {
    nodes.push({ name: node.name, child, opts: node.opts });
    for (const c of node.children ?? []) walk(c, true);
  };
  for (const tree of trees) walk(tree, false);
  return nodes;
}
