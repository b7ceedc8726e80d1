"""A miniature GPT-J at the character level, shared by charlm_ru.py, charlm_en.py and charlm_ablation.py.

GPT-J-6B's two architectural choices, kept at toy scale (see /work/shared/research/posts.md §10):
  * the PARALLEL block: one LayerNorm, and attention and the MLP both read it; their outputs are added
    to the residual stream together:  h <- h + Attn(LN(h)) + FF(LN(h))   (GPT-J layers.py: attn_out + dense_out);
  * ROTARY position embeddings on PART of each head (GPT-J: 64 of 256 dims; here ROT of HEAD_DIM), with
    GPT-J's interleaved-pair convention ("rotate_every_two"): dims (2i, 2i+1) of q and k at position m
    are rotated by the angle m·θ_i, θ_i = 10000^(−2i/d_rot). No learned positions at all.
  q/k/v and the attention output projection have no bias (as in GPT-J); the MLP (d -> 4d -> d, GELU with
  the tanh approximation, as GPT-J's "gelu_new") has biases; a final LayerNorm and an untied output head.

Text: writers_common.normalize (the writer-style models' pipeline, mirrored by src/lib/writers-text.ts)
and its split BY WORK; vocabulary = writers_common.build_vocab on the train split (id 0 = padding, never
seen or sampled; id 1 = unknown character; 2.. = characters by code point). Training text: every train
segment of every author joined by one space; random windows of CTX + 1 characters.

ONNX graph (for generation with a key/value cache, so one step costs one token, not the whole window):
  inputs  ids int64 [1, T]  (T ≥ 1 new characters),  past float32 [LAYERS, 2, HEADS, P, HEAD_DIM]
          (keys and values of the P characters already seen; P = 0 at the start; P + T ≤ CTX)
  outputs logits float32 [1, V] (next-character logits after the LAST input character),
          present float32 [LAYERS, 2, HEADS, P + T, HEAD_DIM] (feed it back as `past`).
  The cos/sin tables and the causal mask are precomputed for CTX positions and sliced at [P, P + T).

Generation (identical in src/lib/charlm-sample.ts; pinned by the generation fixture):
  * the prompt keeps its last CTX characters; the first run feeds all of them with an empty past;
  * each later step feeds the one new character with the cache; when P + 1 would exceed CTX, the cache
    is dropped and the last CTX/2 characters are fed again with an empty past (so every character is
    predicted from between CTX/2 and CTX characters of context, and the result is exact, not approximate);
  * sampling of one step: candidates are ids 2..V−1 (never padding or unknown), ordered by logit
    descending (ties: smaller id first); keep the first top_k; p_i = exp((l_i − l_max)/temperature) / Σ
    over the kept ones (float64); one uniform u = mulberry32(seed) draw per step; the chosen one is the
    first candidate in that order whose cumulative probability exceeds u (the last one if rounding
    leaves u above the total).
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import writers_common as W  # noqa: E402

CTX = 128
D, LAYERS, HEADS, HEAD_DIM, ROT, FF = 64, 4, 4, 16, 8, 256
BATCH = 32
LR, WD, WARMUP = 3e-3, 0.01, 100
EVAL_WINDOWS = 256
BUDGET = 2 * 1024 * 1024
NEG = -1e9


def rope_tables(n_pos: int, rot: int):
    """cos/sin [n_pos, rot] for GPT-J's interleaved pairs: column 2i and 2i+1 both use angle m·θ_i."""
    inv = 1.0 / (10000.0 ** (np.arange(0, rot, 2, dtype=np.float64) / rot))     # θ_i, i = 0..rot/2−1
    ang = np.arange(n_pos, dtype=np.float64)[:, None] * inv[None, :]            # [n_pos, rot/2]
    ang = np.repeat(ang, 2, axis=1)                                             # [n_pos, rot]
    return np.cos(ang).astype(np.float32), np.sin(ang).astype(np.float32)


def rotate_every_two_matrix(rot: int) -> np.ndarray:
    """R with x @ R = rotate_every_two(x): (x0, x1, x2, x3, …) -> (−x1, x0, −x3, x2, …)."""
    r = np.zeros((rot, rot), dtype=np.float32)
    for i in range(0, rot, 2):
        r[i + 1, i] = -1.0
        r[i, i + 1] = 1.0
    return r


def build_model(vocab: int, d=D, layers=LAYERS, heads=HEADS, ff=FF, rot=ROT, ctx=CTX, learned_pos=False):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    hd = d // heads
    assert rot <= hd and rot % 2 == 0

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln = nn.LayerNorm(d)
            self.qkv = nn.Linear(d, 3 * d, bias=False)
            self.proj = nn.Linear(d, d, bias=False)
            self.fc_in = nn.Linear(d, ff)
            self.fc_out = nn.Linear(ff, d)

        def rope(self, x, cos, sin, rmat):
            if rot == 0:
                return x
            xr, xp = x[..., :rot], x[..., rot:]
            xr = xr * cos + torch.matmul(xr, rmat) * sin
            return torch.cat([xr, xp], dim=-1)

        def forward(self, h, cos, sin, rmat, mask, past_k=None, past_v=None):
            b, t, _ = h.shape
            y = self.ln(h)
            q, k, v = self.qkv(y).split(d, dim=-1)
            q = q.view(b, t, heads, hd).transpose(1, 2)          # [b, H, t, hd]
            k = k.view(b, t, heads, hd).transpose(1, 2)
            v = v.view(b, t, heads, hd).transpose(1, 2)
            q = self.rope(q, cos, sin, rmat)
            k = self.rope(k, cos, sin, rmat)
            if past_k is not None:
                k = torch.cat([past_k, k], dim=2)
                v = torch.cat([past_v, v], dim=2)
            att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(hd)) + mask
            att = torch.softmax(att, dim=-1)
            a = torch.matmul(att, v).transpose(1, 2).reshape(b, t, d)
            out = h + self.proj(a) + self.fc_out(F.gelu(self.fc_in(y), approximate="tanh"))
            return out, k, v

    class CharGPTJ(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(vocab, d)
            self.pos = nn.Embedding(ctx, d) if learned_pos else None
            self.blocks = nn.ModuleList([Block() for _ in range(layers)])
            self.ln_f = nn.LayerNorm(d)
            self.head = nn.Linear(d, vocab)
            rr = max(rot, 2)   # (tables unused when rot = 0: the learned-position variant)
            c, s = rope_tables(ctx, rr)
            self.register_buffer("cos", torch.from_numpy(c), persistent=False)
            self.register_buffer("sin", torch.from_numpy(s), persistent=False)
            self.register_buffer("rmat", torch.from_numpy(rotate_every_two_matrix(rr)), persistent=False)
            m = np.triu(np.full((ctx, ctx), NEG, dtype=np.float32), k=1)
            self.register_buffer("mask", torch.from_numpy(m), persistent=False)
            self.apply(self._init)
            for blk in self.blocks:   # GPT-2/J style: scale the residual-writing projections
                nn.init.normal_(blk.proj.weight, std=0.02 / math.sqrt(2 * layers))
                nn.init.normal_(blk.fc_out.weight, std=0.02 / math.sqrt(2 * layers))

        @staticmethod
        def _init(m):
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.zeros_(m.bias)

        def forward(self, ids, past=None, start=0):
            """ids [B, T] -> logits [B, T, V] (training / evaluation; no cache; positions start..start+T−1)."""
            t = ids.shape[1]
            h = self.emb(ids)
            if self.pos is not None:
                h = h + self.pos.weight[start:start + t]
            cos, sin = self.cos[start:start + t], self.sin[start:start + t]
            mask = self.mask[start:start + t, start:start + t]
            for blk in self.blocks:
                h, _, _ = blk(h, cos, sin, self.rmat, mask)
            return self.head(self.ln_f(h))

        def step(self, ids, past):
            """ids [1, T], past [L, 2, H, P, hd] -> (logits [1, V] of the last position, present)."""
            p = past.shape[3]
            t = ids.shape[1]
            h = self.emb(ids)
            if self.pos is not None:
                h = h + self.pos.weight[p:p + t]
            cos, sin = self.cos[p:p + t], self.sin[p:p + t]
            mask = self.mask[p:p + t, :p + t]
            pres = []
            for i, blk in enumerate(self.blocks):
                h, k, v = blk(h, cos, sin, self.rmat, mask, past[i, 0].unsqueeze(0), past[i, 1].unsqueeze(0))
                pres.append(torch.stack([k[0], v[0]], dim=0))
            logits = self.head(self.ln_f(h[:, -1]))
            return logits, torch.stack(pres, dim=0)

    class Exported(nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, ids, past):
            return self.m.step(ids, past)

    model = CharGPTJ()
    model.exported = lambda: Exported(model)
    model.config = {"vocab": vocab, "d_model": d, "layers": layers, "heads": heads, "head_dim": hd,
                    "rotary_dims": rot, "d_ff": ff, "context": ctx, "learned_positions": learned_pos}
    return model


# --------------------------------------------------------------------------- data

class Corpus:
    def __init__(self, lang: str):
        corpus = W.load_corpus(lang)
        self.segs, self.meta = W.split_segments(corpus)
        self.vocab = W.build_vocab(self.segs["train"])
        self.vidx = W.vocab_index(self.vocab)
        self.V = len(self.vocab) + 2
        self.ids = {}
        self.chars = {}
        for split in ("train", "validation", "test"):
            parts = [s.work.text[s.lo:s.hi] for a in corpus for s in self.segs[split][a]]
            text = " ".join(parts)
            self.chars[split] = len(text)
            self.ids[split] = np.array([self.vidx.get(ch, W.UNK) for ch in text], dtype=np.int64)
        self.works = {s: sum(len(self.meta[a][s]) for a in self.meta) for s in ("train", "validation", "test")}
        self.unk_rate = {s: float(np.mean(self.ids[s] == W.UNK)) for s in self.ids}

    def windows(self, split: str, length: int, n: int = EVAL_WINDOWS) -> np.ndarray:
        """n non-overlapping windows of `length` ids, evenly spaced over the split (deterministic)."""
        a = self.ids[split]
        total = len(a) // length
        idx = np.floor(np.arange(min(n, total)) * total / min(n, total)).astype(np.int64)
        return np.stack([a[i * length:(i + 1) * length] for i in idx])


def evaluate(model, wins: np.ndarray, ctx: int, batch: int = 64) -> np.ndarray:
    """Mean loss (nats) at every position 0..len−2 of the windows: [len−1]."""
    import torch
    import torch.nn.functional as F
    model.eval()
    tot = np.zeros(wins.shape[1] - 1)
    with torch.no_grad():
        for i in range(0, len(wins), batch):
            x = torch.from_numpy(wins[i:i + batch])
            logits = model(x[:, :-1])
            l = F.cross_entropy(logits.transpose(1, 2), x[:, 1:], reduction="none")
            tot += l.sum(0).double().numpy()
    model.train()
    return tot / len(wins)


def train(model, corpus: Corpus, steps: int, seed: int, ctx: int, batch: int = BATCH, log_every: int = 100, tag=""):
    """AdamW, linear warm-up then cosine decay to 0, fixed number of steps (deterministic)."""
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(seed)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "emb" not in n and "pos" not in n]
    other = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "emb" not in n and "pos" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": other, "weight_decay": 0.0}],
                            lr=LR, betas=(0.9, 0.95))
    data = corpus.ids["train"]
    hist = []
    t0 = time.perf_counter()
    model.train()
    run = 0.0
    for step in range(1, steps + 1):
        lr = LR * (step / WARMUP if step <= WARMUP else 0.5 * (1 + math.cos(math.pi * (step - WARMUP) / max(1, steps - WARMUP))))
        for g in opt.param_groups:
            g["lr"] = lr
        starts = rng.integers(0, len(data) - ctx - 1, size=batch)
        x = torch.from_numpy(np.stack([data[s:s + ctx + 1] for s in starts]))
        logits = model(x[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        run = 0.98 * run + 0.02 * float(loss) if step > 1 else float(loss)
        if step % log_every == 0 or step == steps:
            hist.append({"step": step, "train_loss_ema": round(run, 4)})
            print(f"{tag} step {step}/{steps} loss {run:.4f} {time.perf_counter() - t0:.0f}s", flush=True)
    model.eval()
    return hist, time.perf_counter() - t0


# --------------------------------------------------------------------------- generation (mirrored in TS)

def mulberry32(seed: int):
    a = seed & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0
    return nxt


def sample_step(logits: np.ndarray, temperature: float, top_k: int, u: float):
    """One sampling step as defined in the module docstring. Returns (chosen id, ordered candidate ids,
    their probabilities, the cumulative sums)."""
    l = np.asarray(logits, dtype=np.float64)
    cand = np.arange(2, len(l))
    order = cand[np.lexsort((cand, -l[cand]))]
    k = max(1, min(int(top_k), len(order)))
    kept = order[:k]
    z = (l[kept] - l[kept[0]]) / temperature
    w = np.exp(z)
    p = w / w.sum()
    cum = np.cumsum(p)
    j = int(np.searchsorted(cum, u, side="right"))
    j = min(j, k - 1)
    return int(kept[j]), kept, p, cum


def generate(step_fn, prompt_ids, n: int, seed: int, temperature: float, top_k: int, ctx: int, layers: int, heads: int, hd: int):
    """step_fn(ids [1,T] int64, past float32) -> (logits [V], present). Returns a list of step records."""
    rng = mulberry32(seed)
    seq = list(prompt_ids[-ctx:])
    past = np.zeros((layers, 2, heads, 0, hd), dtype=np.float32)
    feed = list(seq)
    out = []
    for _ in range(n):
        if past.shape[3] + len(feed) > ctx:
            past = np.zeros((layers, 2, heads, 0, hd), dtype=np.float32)
            feed = seq[-(ctx // 2):]
        fed = len(feed)
        logits, past = step_fn(np.array([feed], dtype=np.int64), past)
        u = rng()
        cid, kept, p, cum = sample_step(logits, temperature, top_k, u)
        # distance of u to the nearest boundary between two candidates (robustness of the fixture)
        margin = float(np.min(np.abs(cum[:-1] - u))) if len(cum) > 1 else 1.0
        out.append({"id": cid, "u": u, "fed": fed, "logits": np.asarray(logits, dtype=np.float32),
                    "kept": kept, "p": p, "margin": margin})
        seq.append(cid)
        feed = [cid]
    return out


def torch_step_fn(model):
    import torch

    def fn(ids, past):
        with torch.no_grad():
            lg, pres = model.step(torch.from_numpy(ids), torch.from_numpy(past))
        return lg[0].numpy(), pres.numpy()
    return fn


def model_probs(logits):
    l = np.asarray(logits, dtype=np.float64)[2:]
    e = np.exp(l - l.max())
    return e / e.sum()
