import type { Relation } from './types.js';

/** Precision and recall per relation of predicted against labelled relations. */

export const RELATIONS: readonly Relation[] = ['identical', 'inverse', 'subset', 'overlap', 'different'];

export interface RelationScore {
  precision: number;
  recall: number;
  support: number;
  predicted: number;
}

export interface Score {
  per: Record<Relation, RelationScore>;
  accuracy: number;
  table: string;
}

export function scoreRelations(labels: readonly Relation[], predicted: readonly Relation[]): Score {
  if (labels.length !== predicted.length) throw new RangeError('labels and predictions differ in length');
  const per = {} as Record<Relation, RelationScore>;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) correct += 1;
  for (const r of RELATIONS) {
    let tp = 0;
    let support = 0;
    let count = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === r) support += 1;
      if (predicted[i] === r) count += 1;
      if (labels[i] === r && predicted[i] === r) tp += 1;
    }
    per[r] = { precision: count === 0 ? 1 : tp / count, recall: support === 0 ? 1 : tp / support, support, predicted: count };
  }
  const rows = RELATIONS.map((r) => `${r.padEnd(10)} precision ${per[r].precision.toFixed(2)}  recall ${per[r].recall.toFixed(2)}  (labelled ${per[r].support}, predicted ${per[r].predicted})`);
  const accuracy = labels.length === 0 ? 1 : correct / labels.length;
  return { per, accuracy, table: [...rows, `accuracy ${accuracy.toFixed(2)} over ${labels.length} pairs`].join('\n') };
}
