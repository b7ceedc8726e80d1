// The BYOL loss for one pair of views, as training computed it per image (byol_common.byol_loss):
// ℓ = (2 − 2·cos(q₁, z′₂)) + (2 − 2·cos(q₂, z′₁)), q = online prediction, z′ = target projection.

import { cosine } from '../../lib/vector.ts';

export interface ViewOutputs { prediction: ArrayLike<number>; target: ArrayLike<number> }
export interface PairLoss { cos12: number; cos21: number; loss: number }

export { cosine };

export function byolPairLoss(v1: ViewOutputs, v2: ViewOutputs): PairLoss {
  const cos12 = cosine(v1.prediction, v2.target);
  const cos21 = cosine(v2.prediction, v1.target);
  return { cos12, cos21, loss: 2 - 2 * cos12 + (2 - 2 * cos21) };
}
