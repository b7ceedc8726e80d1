"""A tiny SAINT (Somepalli et al., 2021, arXiv 2106.01342) in PyTorch, for training/saint_tabular.py.

Inputs (see training/saint_data.py `preprocess`):
  num [B,4] float32 (standardised, 0 if missing), num_miss [B,4] float32 (1 = missing),
  cat [B,4] int64 (category index; K_j = this column's "missing" row).
Embedding (paper §3): every column becomes a D-dim token —
  numeric column j: its own MLP 1 → H_NUM → D (ReLU), or a learned "missing" vector m_j if blank;
  categorical column j: its own embedding table with K_j + 1 rows (the last row = "missing").
  A learned [CLS] token is prepended: tokens [B, 1 + 8, D].
One stage (paper eqs. 1–4, written pre-norm, x + f(LN(x)), which trains more stably at this size):
  column self-attention (MSA, HEADS heads over the 9 tokens of a row) → token-wise feed-forward →
  [intersample attention: each row, flattened to 9·D numbers, attends to every row of the batch
   (MISA, ROW_HEADS heads, inner width ROW_INNER) → feed-forward on the flattened row]  (SAINT only)
Head: LN → linear D → 32 → ReLU → linear 32 → 2 on the [CLS] token.
Outputs: logits [B,2], probs [B,2] and (SAINT) row_attention [B,B] = intersample attention
weights averaged over heads (row i's weights over rows j; each row sums to 1).
The forward pass is batch-size agnostic (ONNX dynamic batch). With intersample attention, a row's
prediction depends on the other rows of the batch — by design.
"""
from __future__ import annotations

import numpy as np

D = 16
H_NUM = 16
HEADS = 2
FF_MULT = 2
ROW_HEADS = 2
ROW_INNER = 64
ROW_FF = 144
HEAD_HIDDEN = 32
DROPOUT = 0.1


def arch(intersample: bool, n_num: int, cat_sizes: list[int]) -> dict:
    a = {
        "tokens": f"[CLS] + {n_num} numeric + {len(cat_sizes)} categorical = {1 + n_num + len(cat_sizes)} tokens of width {D}",
        "numeric_embedding": f"per column: linear 1→{H_NUM}, ReLU, linear {H_NUM}→{D}; a learned missing vector per column",
        "categorical_embedding": f"per column: table of K+1 rows × {D} (row K = missing); K = {cat_sizes}",
        "column_attention": f"pre-norm multi-head self-attention over the tokens of a row, {HEADS} heads of {D // HEADS}; "
                            f"then token-wise feed-forward {D}→{FF_MULT * D}→{D} (GELU)",
        "head": f"LayerNorm, linear {D}→{HEAD_HIDDEN}, ReLU, linear {HEAD_HIDDEN}→2 on the [CLS] token",
        "dropout": DROPOUT,
        "stages": 1,
    }
    if intersample:
        f = (1 + n_num + len(cat_sizes)) * D
        a["intersample_attention"] = (f"pre-norm attention across the rows of the batch on rows flattened to {f} numbers, "
                                      f"{ROW_HEADS} heads, inner width {ROW_INNER}; then feed-forward {f}→{ROW_FF}→{f} (GELU); "
                                      f"row_attention output = weights averaged over heads")
    return a


def build_model(n_num: int, cat_sizes: list[int], intersample: bool):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    n_tok = 1 + n_num + len(cat_sizes)

    class Attention(nn.Module):
        """Plain scaled dot-product attention over the second-to-last axis, with its weights returned."""

        def __init__(self, dim, heads, inner):
            super().__init__()
            self.heads, self.dh = heads, inner // heads
            self.qkv = nn.Linear(dim, 3 * inner)
            self.out = nn.Linear(inner, dim)
            self.drop = nn.Dropout(DROPOUT)

        def forward(self, x):  # x [..., L, dim]
            q, k, v = self.qkv(x).chunk(3, dim=-1)
            lead = x.shape[:-2]

            def split(t):  # [..., L, inner] -> [..., heads, L, dh]
                return t.reshape(*lead, t.shape[-2], self.heads, self.dh).transpose(-3, -2)

            q, k, v = split(q), split(k), split(v)
            w = torch.softmax(q @ k.transpose(-1, -2) * (self.dh ** -0.5), dim=-1)  # [..., heads, L, L]
            o = (self.drop(w) @ v).transpose(-3, -2)
            o = o.reshape(*lead, o.shape[-3], self.heads * self.dh)
            return self.out(o), w

    def ff(dim, hidden):
        return nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Dropout(DROPOUT), nn.Linear(hidden, dim))

    class SAINT(nn.Module):
        def __init__(self):
            super().__init__()
            self.intersample = intersample
            self.w1 = nn.Parameter(torch.randn(n_num, H_NUM) * 0.5)
            self.b1 = nn.Parameter(torch.zeros(n_num, H_NUM))
            self.w2 = nn.Parameter(torch.randn(n_num, H_NUM, D) * (H_NUM ** -0.5))
            self.b2 = nn.Parameter(torch.zeros(n_num, D))
            self.num_missing = nn.Parameter(torch.randn(n_num, D) * 0.1)
            offsets = np.concatenate([[0], np.cumsum([k + 1 for k in cat_sizes])[:-1]]).astype(np.int64)
            self.register_buffer("cat_offsets", torch.from_numpy(offsets))
            self.cat_emb = nn.Embedding(int(sum(k + 1 for k in cat_sizes)), D)
            nn.init.normal_(self.cat_emb.weight, std=0.5)
            self.cls = nn.Parameter(torch.randn(1, 1, D) * 0.1)
            self.ln1, self.col_attn = nn.LayerNorm(D), Attention(D, HEADS, D)
            self.ln2, self.ff1 = nn.LayerNorm(D), ff(D, FF_MULT * D)
            if intersample:
                f = n_tok * D
                self.ln3, self.row_attn = nn.LayerNorm(f), Attention(f, ROW_HEADS, ROW_INNER)
                self.ln4, self.ff2 = nn.LayerNorm(f), ff(f, ROW_FF)
            self.head = nn.Sequential(nn.LayerNorm(D), nn.Linear(D, HEAD_HIDDEN), nn.ReLU(), nn.Linear(HEAD_HIDDEN, 2))

        def embed(self, num, num_miss, cat):
            h = F.relu(num.unsqueeze(-1) * self.w1 + self.b1)                       # [B, n_num, H]
            e_num = (h.unsqueeze(-1) * self.w2).sum(dim=-2) + self.b2               # [B, n_num, D]
            m = num_miss.unsqueeze(-1)
            e_num = e_num * (1.0 - m) + self.num_missing * m
            e_cat = self.cat_emb(cat + self.cat_offsets)                            # [B, n_cat, D]
            return torch.cat([e_num, e_cat], dim=1)

        def encode(self, tokens):
            """tokens [B, n_tok-1, D] (no CLS) -> (r [B, n_tok, D], row attention weights [B,B] or None)."""
            b = tokens.shape[0]
            x = torch.cat([self.cls.expand(b, 1, D), tokens], dim=1)
            a, _ = self.col_attn(self.ln1(x))
            x = x + a
            x = x + self.ff1(self.ln2(x))
            w = None
            if self.intersample:
                rows = x.reshape(1, b, n_tok * D)                                   # b×n×d → 1×b×(nd)
                a, w = self.row_attn(self.ln3(rows))
                rows = rows + a
                rows = rows + self.ff2(self.ln4(rows))
                x = rows.reshape(b, n_tok, D)
                w = w[0].mean(dim=0)                                                # [B, B]
            return x, w

        def forward(self, num, num_miss, cat):
            r, w = self.encode(self.embed(num, num_miss, cat))
            logits = self.head(r[:, 0])
            probs = torch.softmax(logits, dim=-1)
            if self.intersample:
                return logits, probs, w
            return logits, probs

    return SAINT()
