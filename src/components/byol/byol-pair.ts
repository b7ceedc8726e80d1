// The BYOL loss for one pair of views, as training computed it per image (byol_common.byol_loss):
// ℓ = (2 − 2·cos(q₁, z′₂)) + (2 − 2·cos(q₂, z′₁)), q = online prediction, z′ = target projection.

export interface ViewOutputs { prediction: ArrayLike<number>; target: ArrayLike<number> }
export interface PairLoss { cos12: number; cos21: number; loss: number }

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine: lengths ${a.length} and ${b.length}`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  // F.normalize divides by max(‖v‖, 1e-12); a zero vector gives cosine 0, as there.
  return ab / (Math.max(Math.sqrt(aa), 1e-12) * Math.max(Math.sqrt(bb), 1e-12));
}

export function byolPairLoss(v1: ViewOutputs, v2: ViewOutputs): PairLoss {
  const cos12 = cosine(v1.prediction, v2.target);
  const cos21 = cosine(v2.prediction, v1.target);
  return { cos12, cos21, loss: 2 - 2 * cos12 + (2 - 2 * cos21) };
}
