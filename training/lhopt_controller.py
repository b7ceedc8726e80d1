"""A miniature of LHOPT (Almeida et al. 2021, arXiv 2106.00958): a tiny controller that steers the
learning rate of Adam, meta-trained across many small synthetic tasks and evaluated on held-out ones.

    nice -n 10 /usr/bin/python3 training/lhopt_controller.py

Writes public/models/lhopt-controller/{model.onnx, card.json, fixtures.json, baked.json} and
tests/fixtures/lhopt-train.json (pins src/lib/lhopt-train.ts to this file's inner loop).

The inner task (mirrored operation for operation in src/lib/lhopt-train.ts, all float64):
  * data: N = 64 labelled 2-D points; network 2 → 16 → 16 → 1 with tanh hidden units, logit output,
    loss = mean binary cross-entropy with logits; every step's gradient comes from a minibatch of
    4 of the 64 points (one shared schedule: each epoch of 16 steps is a Fisher–Yates shuffle of
    0..63 drawn from mulberry32(2021)), while the recorded loss L_s is the full-batch loss;
  * init: Glorot-uniform weights drawn from mulberry32(seed) in the order W1 (2×16, row-major),
    W2 (16×16), W3 (16×1); biases 0;
  * optimiser: Adam (β1 0.9, β2 0.999, ε 1e-8, bias-corrected), T = 200 steps.
The controller: every K = 10 steps (at steps 10, 20, …, 190, before that step's update) it reads 7
scale-free features of the run so far and picks one of 5 multiplicative actions on the learning
rate {0.5, 1/√2, 1, √2, 2}; the LR stays within [lr0/100, 10·lr0], lr0 = the tuned fixed LR.
It is meta-trained with antithetic evolution strategies (not PPO, as the paper did) to minimise
the final training loss relative to tuned fixed-LR Adam on the same task.
"""
from __future__ import annotations

import math
import time

import numpy as np

import common as C

MODEL_ID = "lhopt-controller"
N_POINTS = 64
BATCH = 4  # minibatch size: 16 minibatches per epoch, so the gradient is noisy
MB_SEED = 2021
HIDDEN = 16
T_STEPS = 200
K_EVERY = 10
ACTIONS = [0.5, 1 / math.sqrt(2), 1.0, math.sqrt(2), 2.0]
LR_MIN_FACTOR, LR_MAX_FACTOR = 0.01, 10.0
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8
N_FEATURES = 7
CTRL_HIDDEN = 16
LR_GRID = [0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3]
LONG_FACTOR = 4  # fixed-LR Adam is run for up to 4·T steps when measuring the speed-up
TRAIN_FAMILIES = ["moons", "circles", "xor", "blobs"]
UNSEEN_FAMILY = "spiral"
FEATURE_NAMES = ["progress", "log_loss_ratio", "loss_change", "log_grad_ratio", "update_cosine",
                 "loss_up_fraction", "log_lr_ratio"]
FEATURE_DOC = (
    "At decision step s (s = 10, 20, …, 190; L_j = full-batch loss at the parameters before update j, "
    "G_j = the norm of the minibatch gradient that update j uses, u_j = θ_j − θ_{j−1} the j-th parameter update, lr the current LR, lr0 the initial one): "
    "progress = s/T; log_loss_ratio = clip(ln(L_s/L_0)/5, −3, 1); loss_change = tanh(5·ln(L_s/L_{s−10})); "
    "log_grad_ratio = clip(ln(G_s/G_0)/3, −3, 3); update_cosine = mean over j = s−8..s of cos(u_j, u_{j−1}) "
    "(9 pairs; cos = a·b/max(|a||b|, 1e−300)); loss_up_fraction = #{j = s−9..s : L_j > L_{j−1}}/10; "
    "log_lr_ratio = ln(lr/lr0)/ln 10. The controller's argmax action a multiplies lr, then "
    "lr ← min(max(lr·a, lr0/100), 10·lr0), and step s's update uses the new lr."
)


# --------------------------------------------------------------------------- PRNG + init (mirrors TS)

M32 = 0xFFFFFFFF


class Mulberry32:
    def __init__(self, seed: int):
        self.a = int(seed) & M32

    def next(self) -> float:
        self.a = (self.a + 0x6D2B79F5) & M32
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t = t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32)
        return ((t ^ (t >> 14)) & M32) / 4294967296


def init_params(seed: int) -> list[np.ndarray]:
    """[W1 (2,H), b1 (H), W2 (H,H), b2 (H), W3 (H,1), b3 (1)] float64, Glorot-uniform from mulberry32."""
    r = Mulberry32(seed)
    out = []
    for fin, fout in ((2, HIDDEN), (HIDDEN, HIDDEN), (HIDDEN, 1)):
        lim = math.sqrt(6.0 / (fin + fout))
        w = np.array([(2 * r.next() - 1) * lim for _ in range(fin * fout)], dtype=np.float64).reshape(fin, fout)
        out += [w, np.zeros(fout)]
    return out


def minibatch_schedule(steps: int) -> np.ndarray:
    """[steps, BATCH] point indices: each epoch (N/BATCH steps) is a Fisher–Yates shuffle of 0..N−1 from
    one mulberry32(MB_SEED) stream (for i = N−1..1: j = floor(u·(i+1)), swap i, j), cut into slices of BATCH."""
    r = Mulberry32(MB_SEED)
    per = N_POINTS // BATCH
    out = []
    while len(out) < steps:
        perm = list(range(N_POINTS))
        for i in range(N_POINTS - 1, 0, -1):
            j = int(r.next() * (i + 1))
            perm[i], perm[j] = perm[j], perm[i]
        for k in range(per):
            out.append(perm[k * BATCH:(k + 1) * BATCH])
    return np.array(out[:steps], dtype=np.int64)


# --------------------------------------------------------------------------- task family

def make_task(rng: np.random.Generator, family: str, index: int) -> dict:
    n = N_POINTS
    if family == "moons":
        y = (np.arange(n) % 2).astype(np.float64)
        t = rng.uniform(0, math.pi, n)
        x = np.stack([np.where(y == 0, np.cos(t), 1 - np.cos(t)), np.where(y == 0, np.sin(t), 0.5 - np.sin(t))], 1)
        x = x - np.array([0.5, 0.25]) + rng.normal(0, rng.uniform(0.08, 0.2), (n, 2))
    elif family == "circles":
        y = (np.arange(n) % 2).astype(np.float64)
        t = rng.uniform(0, 2 * math.pi, n)
        r = np.where(y == 0, 1.0, rng.uniform(0.3, 0.6))
        x = np.stack([r * np.cos(t), r * np.sin(t)], 1) + rng.normal(0, rng.uniform(0.05, 0.15), (n, 2))
    elif family == "xor":
        x = rng.uniform(-1, 1, (n, 2))
        y = (x[:, 0] * x[:, 1] > 0).astype(np.float64)
    elif family == "blobs":
        k = int(rng.integers(2, 4))
        centres = rng.uniform(-1, 1, (2 * k, 2))
        c = np.arange(n) % (2 * k)
        x = centres[c] + rng.normal(0, rng.uniform(0.15, 0.35), (n, 2))
        y = (c % 2).astype(np.float64)
    elif family == "spiral":
        y = (np.arange(n) % 2).astype(np.float64)
        t = rng.uniform(0.25, 1, n) * 3 * math.pi
        x = np.stack([t * np.cos(t + math.pi * y), t * np.sin(t + math.pi * y)], 1) / (3 * math.pi)
        x = x + rng.normal(0, 0.03, (n, 2))
    else:
        raise ValueError(family)
    flip = rng.uniform(0, 0.1)
    y = np.where(rng.uniform(0, 1, n) < flip, 1 - y, y)
    a = rng.uniform(0, 2 * math.pi)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    scale = math.exp(rng.uniform(math.log(0.3), math.log(3.0)))
    x = (x @ rot.T) * scale
    return {"family": family, "index": index, "x": x.astype(np.float64), "y": y, "seed": int(rng.integers(1, 2**31 - 1)),
            "scale": scale, "label_noise": flip}


def make_tasks(seed: int, families: list[str], per_family: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    tasks = []
    for i in range(per_family):
        for f in families:
            tasks.append(make_task(rng, f, len(tasks)))
    return tasks


# --------------------------------------------------------------------------- batched inner loop (torch)

def ctrl_forward_batched(torch, theta, feats):
    """theta: dict of per-perturbation controller weights [P, …] (float32); feats [P, M, 7] float32
    → logits [P, M, 5]."""
    h = torch.tanh(torch.baddbmm(theta["b1"].unsqueeze(1), feats, theta["w1"]))
    h = torch.tanh(torch.baddbmm(theta["b2"].unsqueeze(1), h, theta["w2"]))
    return torch.baddbmm(theta["b3"].unsqueeze(1), h, theta["w3"])


def run_batch(torch, tasks, mode, lr0, steps=T_STEPS, theta=None, n_pert=1, record=False, gumbel=None, temp=1.0):
    """Runs B = n_pert × len(tasks) inner trainings in lock-step (float64).
    mode: 'fixed' (constant lr0), 'cosine' (lr0·½(1+cos(πt/T))) or 'ctrl' (controller with weights
    theta, dict of [P, …] tensors). lr0: float or [B] tensor. Returns dict with final loss [B] and,
    if record, per-step losses, lrs, features and logits. gumbel: optional [decisions, M, 5] noise for
    a stochastic policy during meta-training (argmax(logits/temp + gumbel), shared by every
    perturbation: common random numbers); None = the greedy policy used everywhere else."""
    dt = torch.float64
    M = len(tasks)
    B = n_pert * M
    X = torch.tensor(np.stack([t["x"] for t in tasks]), dtype=dt).repeat(n_pert, 1, 1)
    Y = torch.tensor(np.stack([t["y"] for t in tasks]), dtype=dt).unsqueeze(-1).repeat(n_pert, 1, 1)
    init = [init_params(t["seed"]) for t in tasks]
    params = []
    for k in range(6):
        p = torch.tensor(np.stack([ip[k] for ip in init]), dtype=dt)
        if p.dim() == 2:
            p = p.unsqueeze(1)  # biases [M,1,H]
        params.append(p.repeat(n_pert, 1, 1).contiguous())
    ms = [torch.zeros_like(p) for p in params]
    vs = [torch.zeros_like(p) for p in params]
    lr = torch.full((B,), float(lr0), dtype=dt) if not torch.is_tensor(lr0) else lr0.clone().to(dt)
    base = lr.clone()
    n = X.shape[1]
    losses = torch.zeros(B, steps + 1, dtype=dt)
    gnorms = torch.zeros(B, steps + 1, dtype=dt)
    cos = torch.zeros(B, steps + 1, dtype=dt)  # cos[j] = cos(u_j, u_{j-1}), j >= 2
    prev_u = None
    lrs = torch.zeros(B, steps, dtype=dt)
    feats_log, logits_log, actions_log = [], [], []

    schedule = minibatch_schedule(steps + 1)

    def forward_backward(ps, s):
        # full-batch forward (the recorded loss); the gradient only from the rows of minibatch s
        W1, b1, W2, b2, W3, b3 = ps
        h1 = torch.tanh(torch.baddbmm(b1, X, W1))
        h2 = torch.tanh(torch.baddbmm(b2, h1, W2))
        z = torch.baddbmm(b3, h2, W3)
        loss = (torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs())) - Y * z).mean(dim=(1, 2))
        mask = torch.zeros(1, n, 1, dtype=dt)
        mask[0, torch.tensor(schedule[s]), 0] = 1.0
        dz = (torch.sigmoid(z) - Y) / BATCH * mask
        gW3 = h2.transpose(1, 2) @ dz
        gb3 = dz.sum(1, keepdim=True)
        dz2 = (dz @ W3.transpose(1, 2)) * (1 - h2 * h2)
        gW2 = h1.transpose(1, 2) @ dz2
        gb2 = dz2.sum(1, keepdim=True)
        dz1 = (dz2 @ W2.transpose(1, 2)) * (1 - h1 * h1)
        gW1 = X.transpose(1, 2) @ dz1
        gb1 = dz1.sum(1, keepdim=True)
        return loss, [gW1, gb1, gW2, gb2, gW3, gb3]

    for s in range(steps + 1):
        loss, grads = forward_backward(params, s)
        losses[:, s] = loss
        gnorms[:, s] = torch.sqrt(sum((g * g).sum(dim=(1, 2)) for g in grads))
        if s == steps:
            break
        if mode == "cosine":
            lr = base * 0.5 * (1 + math.cos(math.pi * s / steps))
        elif mode == "ctrl" and s > 0 and s % K_EVERY == 0:
            f = features_batched(torch, s, steps, losses, gnorms, cos, lr, base)
            logits = ctrl_forward_batched(torch, theta, f.to(torch.float32).view(n_pert, M, N_FEATURES)).view(B, -1)
            if gumbel is None:
                act = torch.argmax(logits, dim=1)
            else:
                act = torch.argmax(logits / temp + gumbel[s // K_EVERY - 1].repeat(n_pert, 1), dim=1)
            mult = torch.tensor(ACTIONS, dtype=dt)[act]
            lr = torch.minimum(torch.maximum(lr * mult, base * LR_MIN_FACTOR), base * LR_MAX_FACTOR)
            if record:
                feats_log.append(f.clone())
                logits_log.append(logits.clone())
                actions_log.append(act.clone())
        lrs[:, s] = lr
        t = s + 1
        bc1, bc2 = 1 - BETA1 ** t, 1 - BETA2 ** t
        u = []
        for k in range(6):
            g = grads[k]
            ms[k] = BETA1 * ms[k] + (1 - BETA1) * g
            vs[k] = BETA2 * vs[k] + (1 - BETA2) * g * g
            step = -lr.view(B, 1, 1) * (ms[k] / bc1) / (torch.sqrt(vs[k] / bc2) + EPS)
            params[k] = params[k] + step
            u.append(step)
        if prev_u is not None:
            dot = sum((a * b).sum(dim=(1, 2)) for a, b in zip(u, prev_u))
            na = torch.sqrt(sum((a * a).sum(dim=(1, 2)) for a in u))
            nb = torch.sqrt(sum((b * b).sum(dim=(1, 2)) for b in prev_u))
            cos[:, t] = dot / torch.clamp(na * nb, min=1e-300)
        prev_u = u
    out = {"final": losses[:, steps], "losses": losses}
    if record:
        out.update(lrs=lrs, gnorms=gnorms, feats=feats_log, logits=logits_log, actions=actions_log,
                   params=[p.clone() for p in params])
    return out


def features_batched(torch, s, steps, losses, gnorms, cos, lr, base):
    L = losses
    f0 = torch.full_like(lr, s / steps)
    f1 = torch.clamp(torch.log(L[:, s] / L[:, 0]) / 5, -3, 1)
    f2 = torch.tanh(5 * torch.log(L[:, s] / L[:, s - K_EVERY]))
    f3 = torch.clamp(torch.log(gnorms[:, s] / gnorms[:, 0]) / 3, -3, 3)
    f4 = cos[:, s - K_EVERY + 2:s + 1].mean(dim=1)
    up = (L[:, s - K_EVERY + 1:s + 1] > L[:, s - K_EVERY:s]).to(L.dtype)
    f5 = up.mean(dim=1)
    f6 = torch.log(lr / base) / math.log(10)
    return torch.stack([f0, f1, f2, f3, f4, f5, f6], dim=1)


# --------------------------------------------------------------------------- controller parameters

SHAPES = {"w1": (N_FEATURES, CTRL_HIDDEN), "b1": (CTRL_HIDDEN,), "w2": (CTRL_HIDDEN, CTRL_HIDDEN),
          "b2": (CTRL_HIDDEN,), "w3": (CTRL_HIDDEN, len(ACTIONS)), "b3": (len(ACTIONS),)}
N_CTRL = sum(int(np.prod(s)) for s in SHAPES.values())


def unflatten(torch, flat):
    """flat [P, N_CTRL] float32 → dict of [P, …] tensors."""
    out, i = {}, 0
    for k, shp in SHAPES.items():
        n = int(np.prod(shp))
        out[k] = flat[:, i:i + n].reshape(flat.shape[0], *shp)
        i += n
    return out


def init_controller(seed: int, keep_bias: float = 1.0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    parts = []
    for k, shp in SHAPES.items():
        if k.startswith("w"):
            lim = math.sqrt(6.0 / (shp[0] + shp[1]))
            parts.append(rng.uniform(-lim, lim, shp).reshape(-1) * (0.5 if k == "w3" else 1.0))
        else:
            parts.append(np.zeros(shp))
    flat = np.concatenate(parts)
    # start close to "keep the LR": a bias towards the ×1 action (perturbations still flip it often)
    flat[-len(ACTIONS) + ACTIONS.index(1.0)] = keep_bias
    return flat.astype(np.float32)


# --------------------------------------------------------------------------- evaluation helpers

def centred_ranks(x: np.ndarray) -> np.ndarray:
    """Ranks scaled to [−0.5, 0.5]; tied values share their average rank (so ties give no signal)."""
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x))
    r[order] = np.arange(len(x), dtype=np.float64)
    for v in np.unique(x):
        m = x == v
        r[m] = r[m].mean()
    return r / (len(x) - 1) - 0.5


SMOOTH = 21  # window of the centred moving average of the baseline's loss curve


def smooth_curve(curve: np.ndarray, window: int = SMOOTH) -> np.ndarray:
    """Centred moving average (shorter at the ends): the minibatch noise would otherwise let the
    baseline "reach" a loss by a lucky fluctuation (LHOPT smooths its Adam baseline with a power-law fit)."""
    h = window // 2
    c = np.concatenate([[0.0], np.cumsum(curve)])
    i = np.arange(len(curve))
    lo, hi = np.maximum(0, i - h), np.minimum(len(curve), i + h + 1)
    return (c[hi] - c[lo]) / (hi - lo)


def steps_to_reach(curve: np.ndarray, target: float) -> int | None:
    """First number of updates s at which the smoothed loss curve is <= target (curve[s] = loss after s updates)."""
    idx = np.nonzero(smooth_curve(curve) <= target)[0]
    return int(idx[0]) if idx.size else None


def tune_lr(torch, tasks, mode):
    best, table = None, []
    for lr in LR_GRID:
        fin = run_batch(torch, tasks, mode, lr)["final"].numpy()
        med = float(np.median(np.log(fin)))
        table.append({"lr": lr, "median_log_final_loss": round(med, 4)})
        if best is None or med < best[1]:
            best = (lr, med)
    return best[0], table


def main():
    ap = C.base_arg_parser("Meta-train a tiny LR controller (LHOPT miniature)", default_out=f"public/models/{MODEL_ID}")
    ap.add_argument("--iterations", type=int, default=120)
    ap.add_argument("--pairs", type=int, default=8, help="antithetic perturbation pairs per ES iteration")
    ap.add_argument("--tasks-per-iter", type=int, default=8)
    ap.add_argument("--sigma", type=float, default=0.5)
    ap.add_argument("--temp-start", type=float, default=0.0, help="> 0: sample actions (Gumbel-max) during meta-training")
    ap.add_argument("--temp-end", type=float, default=0.2)
    ap.add_argument("--es-lr", type=float, default=0.1)
    ap.add_argument("--keep-bias", type=float, default=0.5, help="initial logit bias towards the ×1 action")
    ap.set_defaults(threads=1)
    args = ap.parse_args()
    torch = C.require_torch()
    C.seed_everything(args.seed, args.threads)
    out_dir = C.repo_path(args.out)
    t_start = time.perf_counter()

    train_tasks = make_tasks(1000 + args.seed, TRAIN_FAMILIES, 48)  # 192 tasks
    held_seen = make_tasks(2000 + args.seed, TRAIN_FAMILIES, 12)  # 48 new draws
    held_unseen = make_tasks(3000 + args.seed, [UNSEEN_FAMILY], 16)
    held = held_seen + held_unseen

    # 1. tune the baselines on the training tasks (grid over the LR, median final log-loss)
    lr_fixed, grid_fixed = tune_lr(torch, train_tasks, "fixed")
    lr_cos, grid_cos = tune_lr(torch, train_tasks, "cosine")  # both tuned on all meta-training tasks
    print(f"tuned fixed lr {lr_fixed}, cosine lr {lr_cos}", flush=True)
    base_final = run_batch(torch, train_tasks, "fixed", lr_fixed)["final"].numpy()
    base_log = np.log(base_final)

    # 2. evolution strategies on the controller weights
    rng = np.random.default_rng(args.seed + 7)
    w = init_controller(args.seed, args.keep_bias).astype(np.float64)
    adam_m = np.zeros_like(w)
    adam_v = np.zeros_like(w)
    history = []
    P = 2 * args.pairs + 1
    for it in range(args.iterations):
        idx = rng.choice(len(train_tasks), args.tasks_per_iter, replace=False)
        tasks = [train_tasks[i] for i in idx]
        eps = rng.standard_normal((args.pairs, N_CTRL))
        pert = np.concatenate([w[None], w + args.sigma * eps, w - args.sigma * eps]).astype(np.float32)
        theta = unflatten(torch, torch.tensor(pert))
        if args.temp_start > 0:
            temp = args.temp_start * (args.temp_end / args.temp_start) ** (it / max(1, args.iterations - 1))
            u = torch.tensor(rng.uniform(1e-12, 1.0, (T_STEPS // K_EVERY, len(tasks), len(ACTIONS))), dtype=torch.float32)
            gumbel = -torch.log(-torch.log(u))
        else:
            temp, gumbel = 0.0, None
        res = run_batch(torch, tasks, "ctrl", lr_fixed, theta=theta, n_pert=P, gumbel=gumbel, temp=temp)
        logf = np.log(res["final"].numpy()).reshape(P, len(tasks))
        adv = -(logf - base_log[idx][None])  # > 0: better than tuned fixed Adam
        fit = adv.mean(1)
        fp, fm = fit[1:1 + args.pairs], fit[1 + args.pairs:]
        ranks = centred_ranks(np.concatenate([fp, fm]))
        rp, rm = ranks[:args.pairs], ranks[args.pairs:]
        grad = ((rp - rm)[:, None] * eps).sum(0) / (args.pairs * args.sigma)
        grad -= 0.005 * w
        adam_m = 0.9 * adam_m + 0.1 * grad
        adam_v = 0.999 * adam_v + 0.001 * grad * grad
        w = w + args.es_lr * (adam_m / (1 - 0.9 ** (it + 1))) / (np.sqrt(adam_v / (1 - 0.999 ** (it + 1))) + 1e-8)
        history.append(round(float(fit[0]), 4))
        if it % 10 == 0 or it == args.iterations - 1:
            g = run_batch(torch, tasks, "ctrl", lr_fixed, theta=unflatten(torch, torch.tensor(w[None].astype(np.float32))))
            greedy = float(np.mean(-(np.log(g["final"].numpy()) - base_log[idx])))
            print(f"it {it:3d} T {temp:.2f} centre (sampled) {fit[0]:+.4f} greedy {greedy:+.4f} best pert {fit.max():+.4f} "
                  f"{time.perf_counter() - t_start:.0f}s", flush=True)
    train_time = time.perf_counter() - t_start
    w32 = w.astype(np.float32)
    theta1 = unflatten(torch, torch.tensor(w32[None]))

    # 3. held-out evaluation
    ctrl = run_batch(torch, held, "ctrl", lr_fixed, theta=theta1, record=True)
    cosr = run_batch(torch, held, "cosine", lr_cos)
    fixed_long = run_batch(torch, held, "fixed", lr_fixed, steps=LONG_FACTOR * T_STEPS)["losses"].numpy()
    ctrl_final = ctrl["final"].numpy()
    cos_final = cosr["final"].numpy()
    fixed_final_T = fixed_long[:, T_STEPS]
    cap = float(LONG_FACTOR)

    def speedups(finals):
        sp = []
        for i, target in enumerate(finals):
            s = steps_to_reach(fixed_long[i], target)
            sp.append(cap if s is None else s / T_STEPS)  # censored at the cap
        return np.array(sp)

    sp_ctrl = speedups(ctrl_final)
    sp_cos = speedups(cos_final)
    n_seen = len(held_seen)
    censored = int(sum(steps_to_reach(fixed_long[i], t) is None for i, t in enumerate(ctrl_final)))
    q = lambda a, p: float(np.quantile(a, p))  # noqa: E731
    # on the training tasks too (a generalisation gap check)
    ctrl_train = run_batch(torch, train_tasks, "ctrl", lr_fixed, theta=theta1)["final"].numpy()

    # mean LR multiplier trajectory on held-out tasks (what did it learn?)
    lr_traj = ctrl["lrs"].numpy() / lr_fixed
    acts = torch.stack(ctrl["actions"], 1).numpy()  # [B, decisions]
    action_freq = [float((acts == a).mean()) for a in range(len(ACTIONS))]

    # 4. export the controller
    class Ctrl(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = torch.nn.Sequential(torch.nn.Linear(N_FEATURES, CTRL_HIDDEN), torch.nn.Tanh(),
                                           torch.nn.Linear(CTRL_HIDDEN, CTRL_HIDDEN), torch.nn.Tanh(),
                                           torch.nn.Linear(CTRL_HIDDEN, len(ACTIONS)))

        def forward(self, features):
            return self.net(features)

    model = Ctrl()
    with torch.no_grad():
        for lin, (wk, bk) in zip([model.net[0], model.net[2], model.net[4]], [("w1", "b1"), ("w2", "b2"), ("w3", "b3")]):
            lin.weight.copy_(theta1[wk][0].T)
            lin.bias.copy_(theta1[bk][0])
    onnx_path = out_dir / "model.onnx"
    C.export_onnx(model, (torch.zeros(1, N_FEATURES),), onnx_path, ["features"], ["logits"])
    ins, outs = C.onnx_io(__import__("onnx").load(str(onnx_path)))

    # 5. baked runs for the widget: two held-out tasks per family shown in the browser
    show_idx = []
    for fam in TRAIN_FAMILIES + [UNSEEN_FAMILY]:
        cand = [i for i, t in enumerate(held) if t["family"] == fam]
        show_idx.append(cand[0])
    show = [held[i] for i in show_idx]
    rc = run_batch(torch, show, "ctrl", lr_fixed, theta=theta1, record=True)
    rf = run_batch(torch, show, "fixed", lr_fixed, record=True)
    rcos = run_batch(torch, show, "cosine", lr_cos, record=True)
    r6 = lambda a: [C.round_sig(v, 7) for v in np.asarray(a).reshape(-1).tolist()]  # noqa: E731
    baked_tasks = []
    for j, (i, t) in enumerate(zip(show_idx, show)):
        decisions = []
        for d in range(len(rc["feats"])):
            decisions.append({"step": (d + 1) * K_EVERY, "features": [float(v) for v in rc["feats"][d][j].numpy()],
                              "logits": r6(rc["logits"][d][j].numpy()), "action": int(rc["actions"][d][j])})
        baked_tasks.append({
            "family": t["family"], "held_out_index": i, "seed": t["seed"], "unseen_family": t["family"] == UNSEEN_FAMILY,
            "x": [[float(a), float(b)] for a, b in t["x"]], "y": [int(v) for v in t["y"]],
            "speedup": float(sp_ctrl[i]), "speedup_cosine": float(sp_cos[i]),
            "fixed_steps_to_match": steps_to_reach(fixed_long[i], ctrl_final[i]),
            "runs": {
                "adam": {"loss": r6(rf["losses"][j].numpy()), "lr": r6(rf["lrs"][j].numpy())},
                "cosine": {"loss": r6(rcos["losses"][j].numpy()), "lr": r6(rcos["lrs"][j].numpy())},
                "controller": {"loss": r6(rc["losses"][j].numpy()), "lr": r6(rc["lrs"][j].numpy()), "decisions": decisions},
            },
        })
    baked = {
        "model": MODEL_ID,
        "task": {"n_points": N_POINTS, "hidden": HIDDEN, "steps": T_STEPS, "every": K_EVERY, "actions": ACTIONS,
                 "lr_min_factor": LR_MIN_FACTOR, "lr_max_factor": LR_MAX_FACTOR, "beta1": BETA1, "beta2": BETA2,
                 "eps": EPS, "lr_fixed": lr_fixed, "lr_cosine": lr_cos, "feature_names": FEATURE_NAMES,
                 "long_factor": LONG_FACTOR},
        "tasks": baked_tasks,
        "held_out": {"speedup": [round(float(v), 4) for v in sp_ctrl], "speedup_cosine": [round(float(v), 4) for v in sp_cos],
                     "family": [t["family"] for t in held]},
        "mean_lr_multiplier": [round(float(v), 4) for v in lr_traj.mean(0)[::K_EVERY]],
        "es_history": history,
    }
    C.write_json(out_dir / "baked.json", baked, compact=True)

    # 6. fixtures: ORT reproduces the controller's logits on recorded features
    cases = []
    for j in range(len(show)):
        for d in (0, 5, 18):
            f = np.asarray(rc["feats"][d][j].numpy(), dtype=np.float32)[None]
            with torch.no_grad():
                lg = model(torch.tensor(f)).numpy()
            cases.append({"name": f"{show[j]['family']}-decision-{d}", "inputs": {"features": C.tensor_json(f)},
                          "outputs": {"logits": C.tensor_json(lg)}})
    C.write_fixtures(out_dir, MODEL_ID, cases, atol=1e-4)

    # 7. the TS parity fixture: first steps of one baked task (plain Adam), params after them, features
    t0 = show[0]
    r_short = run_batch(torch, [t0], "fixed", lr_fixed, steps=3, record=True)
    C.write_json("tests/fixtures/lhopt-train.json", {
        "about": "written by training/lhopt_controller.py: 3 minibatch Adam steps on baked task 0, its init params and the minibatch schedule",
        "schedule": [[int(v) for v in row] for row in minibatch_schedule(32)],
        "seed": t0["seed"], "lr": lr_fixed, "x": [[float(a), float(b)] for a, b in t0["x"]], "y": [int(v) for v in t0["y"]],
        "init": [[float(v) for v in p.reshape(-1)] for p in init_params(t0["seed"])],
        "losses": [float(v) for v in r_short["losses"][0].numpy()],
        "grad_norms": [float(v) for v in r_short["gnorms"][0].numpy()],
        "params_after": [[float(v) for v in p[0].reshape(-1).numpy()] for p in r_short["params"]],
    }, compact=True)

    wall = time.perf_counter() - t_start
    held_split = "held-out"
    metrics = {
        "speedup_median": {"value": round(float(np.median(sp_ctrl)), 3), "split": held_split, "unit": "ratio",
                           "label": {"ru": "ускорение (медиана): шагов Adam с фиксированным LR до потери контроллера ÷ шагов контроллера",
                                     "en": "speed-up (median): fixed-LR Adam steps to reach the controller's loss ÷ controller steps"}},
        "speedup_q25": {"value": round(q(sp_ctrl, 0.25), 3), "split": held_split, "unit": "ratio",
                        "label": {"ru": "ускорение, 25-й процентиль", "en": "speed-up, 25th percentile"}},
        "speedup_q75": {"value": round(q(sp_ctrl, 0.75), 3), "split": held_split, "unit": "ratio",
                        "label": {"ru": "ускорение, 75-й процентиль", "en": "speed-up, 75th percentile"}},
        "speedup_min": {"value": round(float(sp_ctrl.min()), 3), "split": held_split, "unit": "ratio",
                        "label": {"ru": "ускорение, худшая задача", "en": "speed-up, worst task"}},
        "speedup_median_seen": {"value": round(float(np.median(sp_ctrl[:n_seen])), 3), "split": held_split, "unit": "ratio",
                                "label": {"ru": "ускорение (медиана), новые задачи знакомых семейств", "en": "speed-up (median), new tasks of the training families"}},
        "speedup_median_unseen": {"value": round(float(np.median(sp_ctrl[n_seen:])), 3), "split": held_split, "unit": "ratio",
                                  "label": {"ru": "ускорение (медиана), спирали — семейство, которого не было в обучении",
                                            "en": "speed-up (median), spirals — a family never seen in meta-training"}},
        "speedup_median_cosine": {"value": round(float(np.median(sp_cos)), 3), "split": held_split, "unit": "ratio",
                                  "label": {"ru": "ускорение (медиана) ручного косинусного расписания, измеренное так же",
                                            "en": "speed-up (median) of the hand-made cosine schedule, measured the same way"}},
        "censored_tasks": {"value": censored, "split": held_split, "unit": "count",
                           "label": {"ru": f"задач, где Adam с фиксированным LR не догнал контроллер и за {LONG_FACTOR * T_STEPS} шагов (ускорение записано как {LONG_FACTOR})",
                                     "en": f"tasks where fixed-LR Adam did not catch up even in {LONG_FACTOR * T_STEPS} steps (speed-up recorded as {LONG_FACTOR})"}},
        "win_rate_vs_fixed": {"value": round(float((ctrl_final < fixed_final_T).mean()), 4), "split": held_split, "unit": "fraction",
                              "label": {"ru": f"доля задач, где после {T_STEPS} шагов потеря контроллера ниже, чем у Adam с фиксированным LR",
                                        "en": f"share of tasks where after {T_STEPS} steps the controller's loss is below fixed-LR Adam's"}},
        "win_rate_vs_cosine": {"value": round(float((ctrl_final < cos_final).mean()), 4), "split": held_split, "unit": "fraction",
                               "label": {"ru": f"доля задач, где после {T_STEPS} шагов потеря контроллера ниже, чем у косинусного расписания",
                                         "en": f"share of tasks where after {T_STEPS} steps the controller's loss is below the cosine schedule's"}},
        "final_loss_ratio_median": {"value": round(float(np.median(ctrl_final / fixed_final_T)), 4), "split": held_split, "unit": "ratio",
                                    "label": {"ru": f"медиана отношения потерь после {T_STEPS} шагов: контроллер ÷ фиксированный LR",
                                              "en": f"median ratio of losses after {T_STEPS} steps: controller ÷ fixed LR"}},
        "win_rate_vs_fixed_train": {"value": round(float((ctrl_train < base_final).mean()), 4), "split": "meta-train", "unit": "fraction",
                                    "label": {"ru": "то же на задачах метаобучения: доля, где контроллер лучше фиксированного LR",
                                              "en": "the same on the meta-training tasks: share where the controller beats the fixed LR"}},
        "lr_fixed": {"value": lr_fixed, "split": "meta-train", "unit": "value",
                     "label": {"ru": "подобранный по сетке постоянный LR Adam", "en": "grid-tuned constant Adam LR"}},
        "lr_cosine": {"value": lr_cos, "split": "meta-train", "unit": "value",
                      "label": {"ru": "подобранный по сетке начальный LR косинусного расписания", "en": "grid-tuned peak LR of the cosine schedule"}},
        "held_out_tasks": {"value": len(held), "split": held_split, "unit": "count",
                           "label": {"ru": "задач в отложенной выборке", "en": "held-out tasks"}},
        "meta_train_tasks": {"value": len(train_tasks), "split": "meta-train", "unit": "count",
                             "label": {"ru": "задач для метаобучения", "en": "meta-training tasks"}},
        "controller_parameters": {"value": int(N_CTRL), "split": "meta-train", "unit": "count",
                                  "label": {"ru": "параметров у контроллера", "en": "controller parameters"}},
        "inner_runs": {"value": int(args.iterations * P * args.tasks_per_iter), "split": "meta-train", "unit": "count",
                       "label": {"ru": "внутренних обучений за метаобучение", "en": "inner training runs during meta-training"}},
        "meta_train_seconds": {"value": round(train_time, 1), "split": "meta-train", "unit": "seconds",
                               "label": {"ru": "время метаобучения на одном ядре CPU", "en": "meta-training time on one CPU core"}},
    }
    policy_note = (f"during meta-training the policy samples its action (Gumbel-max with temperature {args.temp_start} → {args.temp_end}, "
                   "the same noise for every perturbation), evaluation and export use the greedy argmax") if args.temp_start > 0 else \
        "the policy is greedy (argmax) in meta-training, evaluation and export alike"
    card = {
        "id": MODEL_ID,
        "title": {"ru": "Контроллер скорости обучения (миниатюра LHOPT)", "en": "Learning-rate controller (an LHOPT miniature)"},
        "summary": {"ru": "Крошечная сеть, которая каждые 10 шагов по семи безмасштабным признакам решает, во сколько раз изменить LR у Adam; метаобучена эволюционными стратегиями на 192 синтетических задачах.",
                    "en": "A tiny network that every 10 steps reads seven scale-free features and decides how much to change Adam's LR; meta-trained with evolution strategies on 192 synthetic tasks."},
        **C.onnx_card_fields(onnx_path, model, budget_bytes=1024 * 1024),
        "inputs": ins, "outputs": outs,
        "preprocess": {"features": FEATURE_NAMES, "doc": FEATURE_DOC},
        "data": {"name": "synthetic 2-D classification tasks", "licence": "generated (no external data)",
                 "source": "training/lhopt_controller.py make_task: moons, circles, xor, blobs (meta-training and held-out) and spirals (held-out only); random rotation, scale ×0.3–3, label noise 0–10 %, 64 points each",
                 "meta_train_tasks": len(train_tasks), "held_out_tasks": len(held)},
        "training": {"seed": args.seed, "steps": args.iterations, "wall_time_s": round(wall, 1), "torch": C.torch_version(),
                     "threads": args.threads, "deterministic": True,
                     "method": f"antithetic evolution strategies ({args.pairs} pairs + centre, σ = {args.sigma}, centred ranks, Adam step {args.es_lr}, weight decay 0.005), {args.tasks_per_iter} random meta-training tasks per iteration; {policy_note}; fitness = mean over tasks of ln(L_T of tuned fixed-LR Adam) − ln(L_T of the controlled run)",
                     "inner_task": f"2→{HIDDEN}→{HIDDEN}→1 tanh MLP, BCE on {N_POINTS} points, gradient from minibatches of {BATCH} (shared Fisher–Yates schedule from mulberry32({MB_SEED})), recorded loss = full-batch loss, Adam β1 {BETA1}, β2 {BETA2}, ε {EPS}, T = {T_STEPS} steps, decision every {K_EVERY} steps",
                     "lr_grid": LR_GRID, "grid_fixed": grid_fixed, "grid_cosine": grid_cos,
                     "meta_train_time_s": round(train_time, 1)},
        "splits": {
            "held-out": {"ru": f"{len(held)} новых задач: {n_seen} свежих из семейств обучения и {len(held_unseen)} спиралей (семейство, которого при метаобучении не было)",
                         "en": f"{len(held)} new tasks: {n_seen} fresh draws from the training families and {len(held_unseen)} spirals (a family absent from meta-training)"},
            "meta-train": {"ru": f"{len(train_tasks)} задач метаобучения (луны, окружности, XOR, облака точек)",
                           "en": f"{len(train_tasks)} meta-training tasks (moons, circles, XOR, blobs)"},
        },
        "metrics": metrics,
        "speedup_definition": {"ru": f"Для каждой отложенной задачи: S = s*/T, где T = {T_STEPS} — шаги управляемого прогона, s* — первый шаг, на котором кривая потерь Adam с подобранным постоянным LR, сглаженная скользящим средним по {SMOOTH} шагам (центрированным), опускается до итоговой потери управляемого прогона (≤); Adam гоняем до {LONG_FACTOR * T_STEPS} шагов, не догнал — S = {LONG_FACTOR}. Потеря — полная обучающая (оптимизационная).",
                               "en": f"For each held-out task: S = s*/T, where T = {T_STEPS} is the controlled run's length and s* the first step at which the loss curve of Adam with the tuned constant LR, smoothed by a centred {SMOOTH}-step moving average, reaches (≤) the controlled run's final loss; Adam runs up to {LONG_FACTOR * T_STEPS} steps, and if it never gets there S = {LONG_FACTOR}. The loss is the full-batch training loss (an optimisation measure)."},
        "action_frequencies": {"actions": ACTIONS, "frequency": [round(v, 4) for v in action_freq]},
        "command": C.command_line(),
        "architecture": {"controller": f"linear {N_FEATURES}→{CTRL_HIDDEN} + tanh → linear {CTRL_HIDDEN}→{CTRL_HIDDEN} + tanh → linear {CTRL_HIDDEN}→{len(ACTIONS)} (logits over LR multipliers; argmax)"},
        "baked": ["baked.json"],
        "baked_notes": {"ru": "tasks: пять отложенных задач (по одной на семейство) с данными, seed инициализации и тремя прогонами (Adam с постоянным LR, косинус, контроллер): потери L_0..L_T, LR на каждом шаге, решения контроллера с признаками и логитами. held_out: ускорения по всем отложенным задачам.",
                        "en": "tasks: five held-out tasks (one per family) with data, init seed and three runs (constant-LR Adam, cosine, controller): losses L_0..L_T, the LR at every step, the controller's decisions with features and logits. held_out: speed-ups on every held-out task."},
        "created": C.created_date(),
    }
    C.write_card(out_dir, card)
    print(f"done in {wall:.0f}s: speed-up median {np.median(sp_ctrl):.3f} (q25 {q(sp_ctrl, .25):.3f}, q75 {q(sp_ctrl, .75):.3f}), "
          f"cosine {np.median(sp_cos):.3f}, win vs fixed {(ctrl_final < fixed_final_T).mean():.3f}, censored {censored}", flush=True)


if __name__ == "__main__":
    main()
