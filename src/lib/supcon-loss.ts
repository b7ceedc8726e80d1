// A float64 reference of the SupCon article's three losses, line for line the same arithmetic as
// training/supcon_common.py `loss_terms` (and the extra gradient weights of training/supcon_loss.py),
// for the widget's preview before the reader starts the exported ONNX graph, and for the tests
// that check it against baked.json and the model's fixtures. It never replaces the model in live mode.
//
// N items z_i on the unit sphere (here the unit circle), labels y_i, image ids v_i (the SimCLR
// positive j(i) of item i is the other item with the same id), temperature τ:
//   P_ia = exp(z_i·z_a/τ) / Σ_{a'∈A(i)} exp(z_i·z_a'/τ),  A(i) = all items but i
//   L_out = mean_i −1/|P(i)| Σ_{p∈P(i)} log P_ip          (paper eq. 2; P(i) = same label, not i)
//   L_in  = mean_i −log( 1/|P(i)| Σ_{p∈P(i)} P_ip )        (eq. 3)
//   L_simclr = mean_i −log P_{i j(i)}                       (eq. 1)
// and the gradient coefficients c_ia with ∂L_i/∂z_i = (1/τ) Σ_a c_ia z_a (anchor term):
//   c_ip = P_ip − X_ip (positives), c_in = P_in (negatives), c_ii = 0,
//   X_ip = 1/|P(i)| (L_out) or P_ip / Σ_{p'∈P(i)} P_ip' (L_in), X_{ij} = 1 for j = j(i) (SimCLR).

export interface LossTerms {
  n: number;
  lossOut: number;
  lossIn: number;
  lossSimclr: number;
  /** Row-major n×n: P_ia, 0 on the diagonal. */
  probs: Float64Array;
  /** Row-major n×n gradient coefficients c_ia of L_out, L_in and SimCLR. */
  gradOut: Float64Array;
  gradIn: Float64Array;
  gradSimclr: Float64Array;
}

/** Unit vectors [cos θ, sin θ] for angles in degrees (counter-clockwise from the x axis). */
export function anglesToZ(anglesDeg: readonly number[]): number[][] {
  return anglesDeg.map((a) => {
    const r = (a * Math.PI) / 180;
    return [Math.cos(r), Math.sin(r)];
  });
}

/** SimCLR's positive of every item: the other item with the same image id (−1 if none). */
export function otherView(views: readonly number[]): number[] {
  return views.map((v, i) => views.findIndex((w, j) => j !== i && w === v));
}

export function lossTerms(zIn: readonly (readonly number[])[], labels: readonly number[], views: readonly number[], tau: number): LossTerms {
  const n = zIn.length;
  // F.normalize (the ONNX graph normalises its input too).
  const z = zIn.map((v) => {
    const norm = Math.max(Math.hypot(...v), 1e-12);
    return v.map((x) => x / norm);
  });
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let a = 0; a < n; a++) {
      let dot = 0;
      for (let d = 0; d < z[i]!.length; d++) dot += z[i]![d]! * z[a]![d]!;
      sim[i * n + a] = dot / tau;
      if (sim[i * n + a]! > max) max = sim[i * n + a]!;
    }
    // Stability (as in loss_terms): subtract the row max, diagonal included; cancels in every ratio.
    for (let a = 0; a < n; a++) sim[i * n + a]! -= max;
  }
  const probs = new Float64Array(n * n);
  const gradOut = new Float64Array(n * n);
  const gradIn = new Float64Array(n * n);
  const gradSimclr = new Float64Array(n * n);
  let lossOut = 0;
  let lossIn = 0;
  let lossSimclr = 0;
  for (let i = 0; i < n; i++) {
    let denom = 0;
    for (let a = 0; a < n; a++) if (a !== i) denom += Math.exp(sim[i * n + a]!);
    const logDenom = Math.log(denom);
    let sumLogPos = 0;
    let sumProbPos = 0;
    let nPos = 0;
    let sumLogJ = 0;
    let nJ = 0;
    for (let a = 0; a < n; a++) {
      if (a === i) continue;
      const p = Math.exp(sim[i * n + a]!) / denom;
      probs[i * n + a] = p;
      const logP = sim[i * n + a]! - logDenom;
      if (labels[a] === labels[i]) {
        sumLogPos += logP;
        sumProbPos += p;
        nPos += 1;
      }
      if (views[a] === views[i]) {
        sumLogJ += logP;
        nJ += 1;
      }
    }
    lossOut += -sumLogPos / nPos;
    lossIn += -Math.log(sumProbPos / nPos);
    lossSimclr += -sumLogJ / nJ;
    for (let a = 0; a < n; a++) {
      if (a === i) continue;
      const p = probs[i * n + a]!;
      const pos = labels[a] === labels[i];
      const jpos = views[a] === views[i];
      gradOut[i * n + a] = p - (pos ? 1 / nPos : 0);
      gradIn[i * n + a] = p - (pos ? p / sumProbPos : 0);
      gradSimclr[i * n + a] = p - (jpos ? 1 / nJ : 0);
    }
  }
  return { n, lossOut: lossOut / n, lossIn: lossIn / n, lossSimclr: lossSimclr / n, probs, gradOut, gradIn, gradSimclr };
}

/**
 * Where gradient descent on L_i moves the anchor along the circle: the tangential part of
 * −∂L_i/∂z_i = −(1/τ) Σ_a c_ia z_a at z_i (z unit vectors, `row` = c_i·). Positive = counter-clockwise:
 * the rate at which one small descent step changes the anchor's angle, in radians per unit step.
 */
export function tangentialDescent(z: readonly (readonly number[])[], row: ArrayLike<number>, i: number, tau: number): number {
  const zi = z[i]!;
  const tangent = [-zi[1]!, zi[0]!];
  let g = 0;
  for (let a = 0; a < z.length; a++) g += (row[a] ?? 0) * (z[a]![0]! * tangent[0]! + z[a]![1]! * tangent[1]!);
  return -g / tau;
}
