// Softmax cross-entropy over a batch of logits: mean loss, its gradient, and how many rows the argmax gets right.

/** Mean cross-entropy of `logits` (batch × classes, row-major) against `labels`, with dL/dlogits and the hit count. */
export function crossEntropy(
  logits: Float64Array,
  labels: readonly number[],
  classes: number,
): { loss: number; dLogits: Float64Array; correct: number } {
  const n = labels.length;
  const dLogits = new Float64Array(n * classes);
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < n; b++) {
    let max = -Infinity;
    let best = 0;
    for (let o = 0; o < classes; o++) {
      const v = logits[b * classes + o]!;
      if (v > max) [max, best] = [v, o];
    }
    let total = 0;
    for (let o = 0; o < classes; o++) total += Math.exp(logits[b * classes + o]! - max);
    const label = labels[b]!;
    loss -= (logits[b * classes + label]! - max - Math.log(total)) / n;
    for (let o = 0; o < classes; o++)
      dLogits[b * classes + o] = (Math.exp(logits[b * classes + o]! - max) / total - (o === label ? 1 : 0)) / n;
    if (best === label) correct++;
  }
  return { loss, dLogits, correct };
}

/** Index of the largest value in each row. */
export function argmaxRows(values: Float64Array, classes: number): number[] {
  const out: number[] = [];
  for (let b = 0; b * classes < values.length; b++) {
    let best = 0;
    for (let o = 1; o < classes; o++) if (values[b * classes + o]! > values[b * classes + best]!) best = o;
    out.push(best);
  }
  return out;
}
