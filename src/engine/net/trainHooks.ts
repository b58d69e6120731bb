// What a training loop reports and asks while it runs (progress, cancel, a breath for the host), shared by every trainer.
import * as l10n from '../../l10n';

/** Hooks a trainer calls between batches. */
export interface TrainHooks {
  /** Called after each batch with the share done (0–1) and the batch loss. */
  readonly progress?: (done: number, loss: number) => void;
  /** Returns true to stop; training then ends with TrainingCancelled. */
  readonly cancelled?: () => boolean;
  /** Lets the host breathe between batches (an await of a timer); none means run straight through. */
  readonly yieldNow?: () => Promise<void>;
}

/** Thrown when `cancelled()` said stop. */
export class TrainingCancelled extends Error {
  override readonly name = 'TrainingCancelled';
  constructor() {
    super(l10n.t('training was cancelled'));
  }
}

/** Throws TrainingCancelled when the hooks ask to stop. */
export function checkCancelled(hooks: TrainHooks): void {
  if (hooks.cancelled?.()) throw new TrainingCancelled();
}
