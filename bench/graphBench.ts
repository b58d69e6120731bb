// Graph panel speed without a browser: trace → view model → fold → dagre layout for ResNet-50, DenseNet-121 and
// Inception v3 (folded as the panel opens, and fully expanded); writes the views for runGraphBench.mjs to draw.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { traceGraphs } from '../src/analysis/graphTrace';
import type { GraphView } from '../src/contract/graphView';
import { allFolds, initialFold, visibleGraph } from '../src/scenes/graphFold';
import { buildGraphView } from '../src/scenes/graphView';
import { layoutGraph } from '../webview/graph/layout';
import { medianMs } from './measure';

const root = join(__dirname, '..', '..');

/** The models the issue names, from the torchvision sources in the corpus. */
export const GRAPH_MODELS = [
  { file: 'tv_resnet.py', name: 'resnet18', input: [1, 3, 224, 224] },
  { file: 'tv_resnet.py', name: 'resnet50', input: [1, 3, 224, 224] },
  { file: 'tv_densenet.py', name: 'densenet121', input: [1, 3, 224, 224] },
  { file: 'tv_inception.py', name: 'inception_v3', input: [1, 3, 299, 299] },
] as const;

async function main(): Promise<void> {
  const views: Record<string, GraphView> = {};
  const rows: Record<string, unknown>[] = [];
  for (const m of GRAPH_MODELS) {
    const text = readFileSync(join(root, 'test', 'corpus', 'models', m.file), 'utf8');
    const model = traceGraphs(text, { defaultInputShape: m.input }).find((x) => x.name === m.name);
    if (!model) throw new Error(`${m.name} not traced`);
    const view = buildGraphView(model, `${model.name}`);
    views[m.name] = view;
    const viewMs = await medianMs(() => buildGraphView(model, ''), 5, 2);
    for (const [state, fold] of [
      ['folded', initialFold(view)],
      ['expanded', allFolds(view, true)],
    ] as const) {
      const visible = visibleGraph(view, fold);
      const layoutMs = await medianMs(() => layoutGraph(visibleGraph(view, fold)), 5, 2);
      rows.push({
        model: m.name,
        nodes: model.nodes.length,
        state,
        boxes: visible.items.length,
        edges: visible.edges.length,
        view_model_ms: Math.round(viewMs * 10) / 10,
        fold_and_layout_ms: Math.round(layoutMs * 10) / 10,
      });
    }
  }
  console.table(rows);
  writeFileSync(join(root, 'dist', 'bench', 'graph-views.json'), JSON.stringify(views));
  writeFileSync(join(root, 'dist', 'bench', 'graph-node.json'), JSON.stringify(rows));
}

void main();
