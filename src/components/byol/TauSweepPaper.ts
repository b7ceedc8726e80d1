// The paper's numbers for the τ-sweep widget. These are NOT our measurements: they are copied from
// Grill et al. (2020), "Bootstrap Your Own Latent", Table 5a (ImageNet, ResNet-50, 300 epochs,
// linear evaluation, top-1 %), and the untrained-network figure from Section 3 of the same paper,
// as recorded in /work/shared/research/posts.md, section 1.
export interface PaperRow {
  /** τ_base; 0 and 1 are constant throughout training (no cosine schedule). */
  tau: number;
  /** Top-1 accuracy in percent. */
  top1: number;
  /** ± over runs where the paper gives it. */
  pm?: number;
  target: 'random' | 'ema' | 'stopgrad';
}

export const PAPER_TABLE_5A: readonly PaperRow[] = [
  { tau: 1, top1: 18.8, pm: 0.7, target: 'random' },
  { tau: 0.999, top1: 69.8, target: 'ema' },
  { tau: 0.99, top1: 72.5, target: 'ema' },
  { tau: 0.9, top1: 68.4, target: 'ema' },
  { tau: 0, top1: 0.3, target: 'stopgrad' },
];

/** Linear top-1 of the untrained random network on ImageNet (paper, Section 3). */
export const PAPER_RANDOM_NETWORK_TOP1 = 1.4;
