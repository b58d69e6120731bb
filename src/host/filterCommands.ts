// ConvLens: Visualize Learned Filters — trains the small digit CNN (progress, cancellable, cached), then opens its filters.
import * as vscode from 'vscode';
import { readDigits } from '../classroom/digits';
import { accuracy, DEFAULT_TRAINING, train, TrainingCancelled } from '../classroom/digitNet';
import { checkWeights, type DigitNetWeights } from '../contract/digitNetShape';
import type { FilterNetwork } from '../contract/viewModels';
import { buildFiltersScene } from '../scenes/filtersScene';
import type { Logger } from './logger';
import { AnimationPanel } from './panels/animationPanel';
import * as l10n from '../l10n';

/** What the command needs from the extension. */
export interface FilterCommandContext {
  readonly extensionUri: vscode.Uri;
  readonly storageUri: vscode.Uri;
  readonly log: Logger;
}

/** Arguments: retrain even when weights are cached; fewer epochs (tests). */
export interface VisualizeArgs {
  readonly retrain?: boolean;
  readonly epochs?: number;
}

interface CachedNetwork {
  readonly version: 1;
  readonly side: number;
  readonly weights: DigitNetWeights;
  readonly accuracy: number;
}

const CACHE_FILE = 'filter-network-v1.json';

async function readCache(ctx: FilterCommandContext): Promise<CachedNetwork | undefined> {
  try {
    const raw = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ctx.storageUri, CACHE_FILE))),
    ) as Partial<CachedNetwork>;
    const side = raw.side ?? 0;
    const weights = checkWeights(raw.weights, side);
    return raw.version === 1 && weights && typeof raw.accuracy === 'number'
      ? { version: 1, side, weights, accuracy: raw.accuracy }
      : undefined;
  } catch {
    return undefined;
  }
}

async function writeCache(ctx: FilterCommandContext, network: CachedNetwork): Promise<void> {
  try {
    await vscode.workspace.fs.createDirectory(ctx.storageUri);
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(ctx.storageUri, CACHE_FILE),
      new TextEncoder().encode(JSON.stringify(network)),
    );
  } catch (e) {
    // Not fatal: the next run trains again.
    ctx.log.error('could not cache the trained filter network', e);
  }
}

/** Trains with a cancellable progress notification; undefined when the user cancels. */
async function trainWithProgress(
  ctx: FilterCommandContext,
  digits: ReturnType<typeof readDigits>,
  epochs: number,
): Promise<CachedNetwork | undefined> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: l10n.t('ConvLens: training a small CNN on handwritten digits'),
      cancellable: true,
    },
    async (progress, token) => {
      let reported = 0;
      const started = Date.now();
      try {
        const weights = await train(
          digits.train,
          { ...DEFAULT_TRAINING, epochs },
          {
            cancelled: () => token.isCancellationRequested,
            progress: (done, loss) => {
              const percent = Math.floor(done * 100);
              if (percent > reported) {
                progress.report({
                  increment: percent - reported,
                  message: l10n.t(
                    'epoch {0} of {1}, loss {2}',
                    Math.min(epochs, Math.floor(done * epochs) + 1),
                    epochs,
                    loss.toFixed(2),
                  ),
                });
                reported = percent;
              }
            },
            // Between batches, let the extension host answer other requests.
            yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
          },
        );
        const share = accuracy(weights, digits.test);
        ctx.log.info(
          `trained the digit CNN in ${Date.now() - started} ms: ${(share * 100).toFixed(1)}% on ${digits.test.labels.length} held-out digits`,
        );
        return { version: 1, side: digits.train.side, weights, accuracy: share };
      } catch (e) {
        if (e instanceof TrainingCancelled) {
          ctx.log.info('filter network training cancelled');
          return undefined;
        }
        throw e;
      }
    },
  );
}

/** One held-out sample of each digit, as the planes the panel can switch between. */
function samplesOf(test: ReturnType<typeof readDigits>['test']): Pick<FilterNetwork, 'samples' | 'labels'> {
  const picked = Array.from({ length: 10 }, (_, digit) => test.labels.indexOf(digit)).filter((i) => i >= 0);
  return {
    samples: {
      rows: test.side,
      cols: test.side,
      depth: picked.length,
      data: picked.flatMap((i) => Array.from(test.images[i]!)),
    },
    labels: picked.map((i) => test.labels[i]!),
  };
}

/** Opens the filter panel, training first unless trained weights are cached (or `retrain` is asked for). */
export async function visualizeFilters(
  ctx: FilterCommandContext,
  args: VisualizeArgs = {},
): Promise<AnimationPanel | undefined> {
  let digits: ReturnType<typeof readDigits>;
  try {
    digits = readDigits(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'data', 'digits.bin')),
    );
  } catch (e) {
    ctx.log.error('could not read the digits the filter network trains on', e);
    void vscode.window.showErrorMessage(
      l10n.t('ConvLens could not read its handwritten digits (dist/data/digits.bin): {0}', (e as Error).message),
    );
    return undefined;
  }
  const cached = args.retrain ? undefined : await readCache(ctx);
  let network: CachedNetwork | undefined;
  try {
    network =
      cached && cached.side === digits.train.side
        ? cached
        : await trainWithProgress(ctx, digits, Math.max(1, Math.min(20, args.epochs ?? DEFAULT_TRAINING.epochs)));
  } catch (e) {
    ctx.log.error('training the filter network failed', e);
    void vscode.window.showErrorMessage(
      l10n.t('ConvLens could not train the filter network: {0}', (e as Error).message),
    );
    return undefined;
  }
  if (!network) {
    void vscode.window.showInformationMessage(l10n.t('ConvLens: training cancelled; nothing was changed.'));
    return undefined;
  }
  if (network !== cached) await writeCache(ctx, network);
  const request = {
    kind: 'filters' as const,
    title: l10n.t(
      'Filters of a small CNN trained on digits ({0}% on held-out digits)',
      (network.accuracy * 100).toFixed(0),
    ),
    network: { side: network.side, weights: network.weights, accuracy: network.accuracy, ...samplesOf(digits.test) },
    sample: 0,
  };
  // The gradient ascent (under a second, remembered per network) runs under a notification, not silently in the panel.
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: l10n.t('ConvLens: finding what each filter responds to…'),
    },
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      buildFiltersScene(request.title, request.network, request.sample);
    },
  );
  return AnimationPanel.createOrShow(ctx.extensionUri, ctx.log, request);
}
