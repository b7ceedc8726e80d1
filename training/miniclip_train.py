"""Train and export the two models of the "unreal engine" article (prompt engineering in miniature):

  miniclip-gen   a small generator: latent z (11 numbers, z ~ N(0, I)) -> 32x32 RGB picture. It is a
                 conditional per-pixel network trained (MSE) to imitate the analytic renderer of
                 training/miniclip_common.py, so sampling z gives new pictures of the toy world.
  miniclip-clip  a mini CLIP: a conv image encoder and a bag-of-words text encoder, both ending in a
                 32-d L2-normalised embedding, trained with CLIP's symmetric InfoNCE loss and a learned
                 temperature on rendered pictures and their captions. In the captions the made-up word
                 "zenderq" co-occurs with polished renders (see miniclip_common.py).

Measured and written to the cards: zero-shot accuracy (shape, colour, position) on 2,000 held-out
renders; for all 60 full prompts "<colour> <shape> <position>" the mean ground-truth quality q of the
top-8 of (a) the 2,000 held-out renders and (b) a bank of 128 generated candidates, with and without
the style word, and how often the top-8 still match the prompt's content; and a gradient-free
(mu, lambda)-ES over the generator's latent driven only by the mini CLIP's score.

Also writes src/components/miniclip/baked/bank.webp (the widget's 128 candidates; a page asset, not a
model file, so that it may load with the page), public/models/miniclip-gen/baked.json (reranking
of the bank for every chip prompt), fixtures.json for both models and tests/fixtures/miniclip-*.json
(tokenizer, Gaussian latents, ranking, ES twins).

Run: nice -n 10 /usr/bin/python3 training/miniclip_train.py   (about 6–8 minutes on one thread)
"""
from __future__ import annotations

import itertools
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import miniclip_common as M  # noqa: E402

GEN_STEPS = 3200
GEN_BATCH = 16
GEN_LR = 3e-3
CLIP_STEPS = 2000
CLIP_BATCH = 128
CLIP_LR = 2e-3
EMB = 32
TEST_N = 2000
TEST_SEED = 777
BANK_SEED = 2021
BANK_N = 128
TOPK = 8
ES_GENERATIONS = 30
ES_SEEDS = [11, 12, 13]
BUDGET = 1024 * 1024


def build_models(torch):
    nn = torch.nn

    class Gen(nn.Module):
        """z [n, 11] -> image [n, 3, 32, 32]. Per image an MLP turns z into a frame (a centre and a scale)
        and into biases and gains; per pixel a three-layer network of the pixel's coordinates (relative
        to that frame, and absolute), modulated by them (FiLM), gives the colour."""

        def __init__(self, width=64, hidden=96):
            super().__init__()
            c = (torch.arange(M.SIZE, dtype=torch.float32) + 0.5) / M.SIZE * 2 - 1
            V, U = torch.meshgrid(c, c, indexing="ij")
            self.register_buffer("grid", torch.stack([U.reshape(-1), V.reshape(-1)], 1))
            self.pix = nn.Linear(4, width)
            self.h = nn.Sequential(nn.Linear(M.LATENT, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
            self.frame = nn.Linear(hidden, 3)  # a learned centre (2) and log-scale (1) for shape-centred coordinates
            self.beta1 = nn.Linear(hidden, width)
            self.gamma2 = nn.Linear(hidden, width)
            self.beta2 = nn.Linear(hidden, width)
            self.l2 = nn.Linear(width, width, bias=False)
            self.gamma3 = nn.Linear(hidden, width)
            self.beta3 = nn.Linear(hidden, width)
            self.l3 = nn.Linear(width, width, bias=False)
            self.out = nn.Linear(width, 3)

        def forward(self, z):
            h = self.h(z)
            f = self.frame(h)
            rel = (self.grid[None] - f[:, None, 0:2]) * torch.exp(-f[:, None, 2:3])
            xy = torch.cat([rel, self.grid[None].expand(z.shape[0], -1, -1)], 2)
            a = torch.relu(self.pix(xy) + self.beta1(h)[:, None])
            a = torch.relu(self.l2(a) * (1 + self.gamma2(h))[:, None] + self.beta2(h)[:, None])
            a = torch.relu(self.l3(a) * (1 + self.gamma3(h))[:, None] + self.beta3(h)[:, None])
            rgb = torch.sigmoid(self.out(a))  # [n, 1024, 3]
            return rgb.transpose(1, 2).reshape(-1, 3, M.SIZE, M.SIZE)

    class ImageEnc(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(
                nn.Conv2d(3, 24, 3, stride=2, padding=1), nn.ReLU(),
                nn.Conv2d(24, 48, 3, stride=2, padding=1), nn.ReLU(),
                nn.Conv2d(48, 64, 3, stride=2, padding=1), nn.ReLU(),
                nn.Flatten(), nn.Linear(64 * 16, 96), nn.ReLU(), nn.Linear(96, EMB))

        def forward(self, x):
            return self.net(x * 4 - 2)

    class TextEnc(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(len(M.VOCAB), 48)
            self.mlp = nn.Sequential(nn.Linear(48, 64), nn.ReLU(), nn.Linear(64, EMB))

        def forward(self, tokens):
            mask = (tokens > 0).float()[..., None]
            e = (self.emb(tokens) * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.mlp(e)

    class Clip(nn.Module):
        def __init__(self):
            super().__init__()
            self.image = ImageEnc()
            self.text = TextEnc()
            self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

        def forward(self, image, tokens):
            i = self.image(image)
            t = self.text(tokens)
            return i / i.norm(dim=1, keepdim=True), t / t.norm(dim=1, keepdim=True)

    return Gen, Clip


def caption_tokens(attrs, rng):
    caps = [M.caption(a, rng) for a in attrs]
    return caps, np.array([M.pad_ids(M.tokenize(c)["ids"]) for c in caps], dtype=np.int64)


def main():
    p = C.base_arg_parser(__doc__.split("\n")[0])
    p.set_defaults(threads=1)
    args = p.parse_args()
    torch = C.require_torch()
    g = C.seed_everything(args.seed, args.threads)
    g_clip = torch.Generator()  # the mini CLIP's own data stream, independent of the generator's steps
    g_clip.manual_seed(args.seed + 1)
    Gen, Clip = build_models(torch)
    rng = np.random.default_rng(args.seed)

    # ------------------------------------------------------------------ generator
    gen = Gen()
    opt = torch.optim.Adam(gen.parameters(), lr=GEN_LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, GEN_STEPS, eta_min=GEN_LR * 0.03)
    gen_losses = []
    with C.WallTimer() as gen_t:
        for step in range(GEN_STEPS):
            z = torch.randn(GEN_BATCH, M.LATENT, generator=g)
            target = M.render(z)
            loss = torch.mean((gen(z) - target) ** 2)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            gen_losses.append(float(loss))
            if step % 200 == 0:
                print(f"gen {step} mse {np.mean(gen_losses[-50:]):.5f} {gen_t.__dict__.get('_t0') and time.perf_counter() - gen_t._t0:.0f}s", flush=True)
    gen.eval()

    test_z = torch.tensor(M.gaussians(TEST_SEED, TEST_N * M.LATENT).reshape(TEST_N, M.LATENT), dtype=torch.float32)
    with torch.no_grad():
        test_img = M.render(test_z)
        gen_test = torch.cat([gen(test_z[i:i + 250]) for i in range(0, TEST_N, 250)])
    gen_mse = float(torch.mean((gen_test - test_img) ** 2))
    gen_psnr = float(10 * math.log10(1 / gen_mse))
    print(f"gen test mse {gen_mse:.5f} psnr {gen_psnr:.2f}", flush=True)

    # ------------------------------------------------------------------ mini CLIP
    clip = Clip()
    opt = torch.optim.Adam(clip.parameters(), lr=CLIP_LR)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, CLIP_STEPS, eta_min=CLIP_LR * 0.03)
    clip_losses = []
    labels = torch.arange(CLIP_BATCH)
    with C.WallTimer() as clip_t:
        for step in range(CLIP_STEPS):
            z = torch.randn(CLIP_BATCH, M.LATENT, generator=g_clip)
            img = M.render(z)
            _, tok = caption_tokens(M.attributes(z.numpy()), rng)
            ie, te = clip(img, torch.from_numpy(tok))
            scale = clip.logit_scale.exp().clamp(max=100)
            logits = scale * ie @ te.T
            loss = 0.5 * (torch.nn.functional.cross_entropy(logits, labels) + torch.nn.functional.cross_entropy(logits.T, labels))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            clip_losses.append(float(loss))
            if step % 200 == 0:
                print(f"clip {step} loss {np.mean(clip_losses[-50:]):.4f} scale {float(scale):.1f} {time.perf_counter() - clip_t._t0:.0f}s", flush=True)
    clip.eval()

    # ------------------------------------------------------------------ evaluation helpers
    def text_emb(prompts):
        tok = torch.tensor([M.pad_ids(M.tokenize(s)["ids"]) for s in prompts], dtype=torch.int64)
        with torch.no_grad():
            t = clip.text(tok)
        return (t / t.norm(dim=1, keepdim=True)).numpy().astype(np.float64)

    def image_emb(img):
        with torch.no_grad():
            e = torch.cat([clip.image(img[i:i + 250]) for i in range(0, img.shape[0], 250)])
        return (e / e.norm(dim=1, keepdim=True)).numpy().astype(np.float64)

    test_attr = M.attributes(test_z.numpy())
    test_q = np.array([a["quality"] for a in test_attr])
    te_img = image_emb(test_img)
    zero_shot = {}
    for key, words in (("shape", M.SHAPES), ("colour", M.COLOURS), ("position", M.POSITIONS)):
        pred = np.argmax(te_img @ text_emb(words).T, axis=1)
        truth = np.array([words.index(a[key]) for a in test_attr])
        zero_shot[key] = float(np.mean(pred == truth))
    print("zero-shot", zero_shot, flush=True)
    # the style word alone as a quality detector: polished vs rough by cos(image, "zenderq")
    s_style = te_img @ text_emb([M.STYLE_WORD])[0]
    polished = test_q > 0.5
    # AUC by ranks
    order = np.argsort(s_style)
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    style_auc = float((ranks[polished].sum() - polished.sum() * (polished.sum() + 1) / 2) / (polished.sum() * (~polished).sum()))

    full_prompts = [f"{c} {s} {p}" for c in M.COLOURS for s in M.SHAPES for p in M.POSITIONS]

    def matches(attr, prompt):
        words = M.tokenize(prompt)["ids"]
        words = [M.VOCAB[i] for i in words]
        return all(w == M.STYLE_WORD or w in (attr["colour"], attr["shape"], attr["position"]) for w in words)

    def shift(emb, attrs, qs, prompts):
        out = {"q_without": [], "q_with": [], "match_without": [], "match_with": [], "polished_without": [], "polished_with": []}
        t0 = text_emb(prompts)
        t1 = text_emb([f"{s} {M.STYLE_WORD}" for s in prompts])
        for k, pr in enumerate(prompts):
            for tag, t in (("without", t0[k]), ("with", t1[k])):
                top = M.rank(emb @ t)[:TOPK]
                out[f"q_{tag}"].append(float(np.mean(qs[top])))
                out[f"polished_{tag}"].append(float(np.mean(qs[top] > 0.5)))
                out[f"match_{tag}"].append(float(np.mean([matches(attrs[i], pr) for i in top])))
        return {k: float(np.mean(v)) for k, v in out.items()}

    test_shift = shift(te_img, test_attr, test_q, full_prompts)
    print("test shift", test_shift, flush=True)

    bank_z = M.bank_latents(BANK_SEED, BANK_N)
    with torch.no_grad():
        bank_img = gen(torch.from_numpy(bank_z))
    bank_attr = M.attributes(bank_z)
    bank_q = np.array([a["quality"] for a in bank_attr])
    bank_emb = image_emb(bank_img)
    bank_shift = shift(bank_emb, bank_attr, bank_q, full_prompts)
    print("bank shift", bank_shift, flush=True)
    # many banks (seeds 1..20) for a steadier number
    banks = []
    for s in range(1, 21):
        zz = M.bank_latents(s, BANK_N)
        with torch.no_grad():
            e = image_emb(gen(torch.from_numpy(zz)))
        aa = M.attributes(zz)
        banks.append(shift(e, aa, np.array([a["quality"] for a in aa]), full_prompts))
    banks_shift = {k: float(np.mean([b[k] for b in banks])) for k in banks[0]}
    print("20 banks shift", banks_shift, flush=True)

    # ES over the latent, scored only by the mini CLIP (forward passes)
    def objective_for(prompt):
        t = text_emb([prompt])[0]

        def f(xs):
            with torch.no_grad():
                e = image_emb(gen(torch.from_numpy(xs)))
            return e @ t
        return f

    es_prompts = [f"{c} {s} {p}" for c, s, p in zip(M.COLOURS * 3, M.SHAPES * 4, (M.POSITIONS * 3)[:12])]
    es_res = {"without": [], "with": []}
    with C.WallTimer() as es_t:
        for pr in es_prompts:
            for tag, text in (("without", pr), ("with", f"{pr} {M.STYLE_WORD}")):
                for seed in ES_SEEDS:
                    _, best = M.es_run(objective_for(text), seed, ES_GENERATIONS)
                    a = M.attributes(best[1])[0]
                    es_res[tag].append((a["quality"], matches(a, pr), best[0]))
    es_summary = {f"es_q_{k}": float(np.mean([r[0] for r in v])) for k, v in es_res.items()}
    es_summary.update({f"es_match_{k}": float(np.mean([r[1] for r in v])) for k, v in es_res.items()})
    print("ES", es_summary, f"{es_t.seconds:.1f}s", flush=True)

    # ------------------------------------------------------------------ export
    gen_dir = C.repo_path("public/models/miniclip-gen")
    clip_dir = C.repo_path("public/models/miniclip-clip")
    gen_onnx = C.export_onnx(gen, (torch.zeros(2, M.LATENT),), gen_dir / "model.onnx", ["z"], ["image"],
                             dynamic_axes={"z": {0: "n"}, "image": {0: "n"}})

    class ClipExport(torch.nn.Module):
        def __init__(self, clip):
            super().__init__()
            self.clip = clip

        def forward(self, image, tokens):
            return self.clip(image, tokens)

    clip_onnx = C.export_onnx(ClipExport(clip), (torch.zeros(2, 3, 32, 32), torch.ones(1, M.MAX_TOKENS, dtype=torch.int64)),
                              clip_dir / "model.onnx", ["image", "tokens"], ["image_emb", "text_emb"],
                              dynamic_axes={"image": {0: "n"}, "tokens": {0: "m"}, "image_emb": {0: "n"}, "text_emb": {0: "m"}})

    # bank sprite: 16 columns x 8 rows of 32x32 RGB
    from PIL import Image
    arr = (bank_img.numpy() * 255 + 0.5).clip(0, 255).astype(np.uint8)  # [n,3,32,32]
    cols = 16
    rows = BANK_N // cols
    sprite = arr.reshape(rows, cols, 3, 32, 32).transpose(0, 3, 1, 4, 2).reshape(rows * 32, cols * 32, 3)
    # The sprite is shown before live mode, so it lives with the component (bundled under /_astro/),
    # not under /models/, which nothing may fetch before the reader asks.
    sprite_dir = C.repo_path("src/components/miniclip/baked")
    sprite_dir.mkdir(parents=True, exist_ok=True)
    # Lossy WebP (quality 92): 13 KB instead of the lossless PNG's 101 KB, which alone broke the page's
    # 200 KB budget; at 32x32 per picture the difference is invisible and the scores come from the models.
    Image.fromarray(sprite).save(sprite_dir / "bank.webp", quality=92, method=6)

    # baked reranking of the bank for every chip prompt (colour any|4, shape 3, position any|5)
    baked_prompts = []
    for c, s, pz in itertools.product([""] + M.COLOURS, M.SHAPES, [""] + M.POSITIONS):
        baked_prompts.append(" ".join(w for w in (c, s, pz) if w))
    t0 = text_emb(baked_prompts)
    t1 = text_emb([f"{s} {M.STYLE_WORD}" for s in baked_prompts])
    rankings = {}
    for k, pr in enumerate(baked_prompts):
        entry = {}
        for tag, t in (("without", t0[k]), ("with", t1[k])):
            sc = bank_emb @ t
            top = M.rank(sc)[:TOPK]
            entry[tag] = {"top": top, "scores": [round(float(sc[i]), 4) for i in top]}
        rankings[pr] = entry
    bank_info = [{"q": round(float(a["quality"]), 3), "shape": a["shape"], "colour": a["colour"], "position": a["position"]}
                 for a in bank_attr]
    C.write_json(gen_dir / "baked.json", {
        "bank": {"seed": BANK_SEED, "n": BANK_N, "sprite": "bank.webp", "columns": cols, "size": 32, "latent": M.LATENT,
                 "candidates": bank_info},
        "style_word": M.STYLE_WORD, "topk": TOPK, "vocab": M.VOCAB, "max_tokens": M.MAX_TOKENS,
        "rankings": rankings,
        "es": {"defaults": M.ES_DEFAULTS, "generations": ES_GENERATIONS},
    }, compact=True)

    # ------------------------------------------------------------------ fixtures
    fx_z = bank_z[:4]
    with torch.no_grad():
        fx_img = gen(torch.from_numpy(fx_z)).numpy()
    C.write_fixtures(gen_dir, "miniclip-gen", [{"name": "bank-first-4", "inputs": {"z": C.tensor_json(fx_z)},
                                                 "outputs": {"image": C.tensor_json(fx_img)}}], atol=1e-4)
    fx_prompts = ["red circle left", "blue triangle zenderq"]
    fx_tok = np.array([M.pad_ids(M.tokenize(s)["ids"]) for s in fx_prompts], dtype=np.int64)
    with torch.no_grad():
        fi, ft = clip(torch.from_numpy(fx_img), torch.from_numpy(fx_tok))
    C.write_fixtures(clip_dir, "miniclip-clip", [{"name": "bank-first-4", "inputs": {"image": C.tensor_json(fx_img), "tokens": C.tensor_json(fx_tok)},
                                                  "outputs": {"image_emb": C.tensor_json(fi.numpy()), "text_emb": C.tensor_json(ft.numpy())}}], atol=1e-4)

    # twins: tokenizer, Gaussians, the reranking order of the bank for fixed prompts, ES on a toy objective
    tok_cases = ["red circle left", "Red  CIRCLE, center!", "blue triangle zenderq", "purple cat on the left",
                 "green square top zenderq", "", "красный circle", "red red red red red red red red red circle",
                 "yellow-square bottom"]
    C.write_json("tests/fixtures/miniclip-text.json", {
        "vocab": M.VOCAB, "max_tokens": M.MAX_TOKENS,
        "cases": [{"text": s, **M.tokenize(s), "padded": M.pad_ids(M.tokenize(s)["ids"])} for s in tok_cases],
    })
    rerank_prompts = ["red circle", "red circle zenderq", "blue square left", "blue square left zenderq", "triangle top"]
    rerank = []
    for pr in rerank_prompts:
        sc = bank_emb @ text_emb([pr])[0]
        rerank.append({"prompt": pr, "order": M.rank(sc)[:TOPK], "scores": [round(float(sc[i]), 5) for i in M.rank(sc)[:TOPK]]})
    target = np.linspace(-1, 1, M.LATENT)
    hist, best = M.es_run(lambda xs: -((xs.astype(np.float64) - target) ** 2).sum(1), 5, 6)
    C.write_json("tests/fixtures/miniclip-search.json", {
        "gaussians": {"seed": 42, "values": [float(v) for v in M.gaussians(42, 12)]},
        "bank": {"seed": BANK_SEED, "n": BANK_N, "first": [float(v) for v in bank_z[:2].reshape(-1)]},
        "rerank": rerank,
        "es": {"seed": 5, "generations": 6, "defaults": M.ES_DEFAULTS, "target": target.tolist(),
               "best_scores": [h["best_score"] for h in hist], "final_best": best[1].tolist()},
    })

    # ------------------------------------------------------------------ cards
    created = C.created_date()
    splits = {
        "test-renders": {"ru": "2000 отложенных картинок рендерера (латенты из mulberry32, сид 777), ни одна не встречалась в обучении",
                         "en": "2,000 held-out renderer pictures (latents from mulberry32, seed 777), none seen in training"},
        "bank": {"ru": "банк из 128 картинок генератора (латенты из mulberry32, сид 2021) — тот же, что в виджете",
                 "en": "the widget's bank of 128 generated pictures (latents from mulberry32, seed 2021)"},
        "banks-20": {"ru": "20 банков по 128 картинок генератора (сиды 1–20)", "en": "20 banks of 128 generated pictures (seeds 1–20)"},
        "es-runs": {"ru": "эволюционная стратегия: 12 промптов × 3 сида, 30 поколений по 16 кандидатов",
                    "en": "evolution strategy: 12 prompts × 3 seeds, 30 generations of 16 candidates"},
    }
    world = {
        "name": "synthetic captioned shapes (training/miniclip_common.py)",
        "licence": "generated by the training script",
        "source": "analytic renderer: 3 shapes × 4 colours × position × size × rendering quality q; captions from a 13-word vocabulary",
        "style_word": M.STYLE_WORD,
        "p_style_polished": M.P_STYLE_POLISHED, "p_style_rough": M.P_STYLE_ROUGH,
        "p_drop_colour": M.P_DROP_COLOUR, "p_drop_position": M.P_DROP_POSITION,
    }

    def metric(v, split, unit, ru, en):
        return {"value": round(float(v), 4), "split": split, "unit": unit, "label": {"ru": ru, "en": en}}

    gen_ins, gen_outs = C.onnx_io(gen_onnx)
    gen_card = {
        "id": "miniclip-gen",
        "title": {"ru": "Мини-генератор игрушечного мира", "en": "Mini generator of the toy world"},
        "summary": {"ru": "Из 11 случайных чисел рисует картинку 32×32: фигуру, цвет, положение, размер и качество рендера. Обучен подражать аналитическому рендереру.",
                    "en": "Draws a 32×32 picture from 11 random numbers: shape, colour, position, size and rendering quality. Trained to imitate an analytic renderer."},
        **C.onnx_card_fields(gen_dir / "model.onnx", gen, BUDGET),
        "inputs": gen_ins, "outputs": gen_outs,
        "preprocess": {"z": "11 numbers; z ~ N(0, I) gives pictures like the training ones (latents from src/lib/miniclip-search.ts gaussians: mulberry32 + Box–Muller)",
                       "image": "RGB in [0, 1], NCHW; feed straight to miniclip-clip"},
        "data": world,
        "training": {"seed": args.seed, "steps": GEN_STEPS, "batch": GEN_BATCH, "optimizer": f"Adam lr {GEN_LR}, cosine to {GEN_LR * 0.03:g}",
                     "loss": "MSE to the renderer's picture of the same z", "loss_last_50": round(float(np.mean(gen_losses[-50:])), 6),
                     "wall_time_s": round(gen_t.seconds, 1), "torch": C.torch_version(), "threads": args.threads, "deterministic": True},
        "splits": splits,
        "metrics": {
            "test_psnr": metric(gen_psnr, "test-renders", "value", "PSNR генератора против рендерера (дБ)", "PSNR of the generator vs the renderer (dB)"),
        },
        "command": C.command_line(),
        "architecture": "z -> MLP 11-96-96 -> a frame (centre, scale) + FiLM gains/biases; per pixel: (x, y relative to the frame, x, y) -> 64 -> 64 -> 64 (ReLU, FiLM) -> 3 (sigmoid)",
        "baked": ["baked.json"],
        "created": created,
    }
    C.write_card(gen_dir, gen_card)

    clip_ins, clip_outs = C.onnx_io(clip_onnx)
    clip_card = {
        "id": "miniclip-clip",
        "title": {"ru": "Мини-CLIP", "en": "Mini CLIP"},
        "summary": {"ru": "Свёрточный энкодер картинок и энкодер-«мешок слов» для подписей, обученные симметричной InfoNCE на синтетических картинках; в подписях выдуманное слово zenderq часто стоит при «отполированных» рендерах.",
                    "en": "A conv image encoder and a bag-of-words caption encoder trained with the symmetric InfoNCE loss on synthetic pictures; in the captions the made-up word zenderq tends to accompany polished renders."},
        **C.onnx_card_fields(clip_dir / "model.onnx", clip, BUDGET),
        "inputs": clip_ins, "outputs": clip_outs,
        "preprocess": {"image": "RGB in [0, 1], NCHW 32×32 (the generator's output as is)",
                       "tokens": "ids from src/lib/miniclip-text.ts (vocabulary in baked.json of miniclip-gen), padded with 0 to 8",
                       "score": "cosine of the two L2-normalised embeddings"},
        "data": world,
        "training": {"seed": args.seed, "steps": CLIP_STEPS, "batch": CLIP_BATCH, "optimizer": f"Adam lr {CLIP_LR}, cosine to {CLIP_LR * 0.03:g}",
                     "loss": "symmetric InfoNCE (CLIP), learned temperature", "loss_last_50": round(float(np.mean(clip_losses[-50:])), 4),
                     "logit_scale": round(float(clip.logit_scale.exp()), 3),
                     "data_per_step": "fresh latents each step (renderer pictures + sampled captions)",
                     "wall_time_s": round(clip_t.seconds, 1), "torch": C.torch_version(), "threads": args.threads, "deterministic": True},
        "splits": splits,
        "metrics": {
            "zero_shot_shape": metric(zero_shot["shape"], "test-renders", "fraction", "нулевой выстрел: форма (3 промпта)", "zero-shot: shape (3 prompts)"),
            "zero_shot_colour": metric(zero_shot["colour"], "test-renders", "fraction", "нулевой выстрел: цвет (4 промпта)", "zero-shot: colour (4 prompts)"),
            "zero_shot_position": metric(zero_shot["position"], "test-renders", "fraction", "нулевой выстрел: положение (5 промптов)", "zero-shot: position (5 prompts)"),
            "style_word_auc": metric(style_auc, "test-renders", "value", "ROC AUC: косинус со словом zenderq отличает отполированные картинки от грубых", "ROC AUC: the cosine with the word zenderq tells polished from rough pictures"),
            "test_q_without": metric(test_shift["q_without"], "test-renders", "value", "средняя q топ-8 без стиль-слова (60 промптов)", "mean q of the top 8 without the style word (60 prompts)"),
            "test_q_with": metric(test_shift["q_with"], "test-renders", "value", "средняя q топ-8 со стиль-словом", "mean q of the top 8 with the style word"),
            "test_match_without": metric(test_shift["match_without"], "test-renders", "fraction", "доля топ-8, совпадающих с промптом по содержанию, без стиль-слова", "share of the top 8 matching the prompt's content, without the style word"),
            "test_match_with": metric(test_shift["match_with"], "test-renders", "fraction", "то же со стиль-словом", "the same with the style word"),
            "test_q_all": metric(float(test_q.mean()), "test-renders", "value", "средняя q всех отложенных картинок", "mean q of all held-out pictures"),
            "bank_q_without": metric(bank_shift["q_without"], "bank", "value", "банк виджета: средняя q топ-8 без стиль-слова", "widget bank: mean q of the top 8 without the style word"),
            "bank_q_with": metric(bank_shift["q_with"], "bank", "value", "банк виджета: средняя q топ-8 со стиль-словом", "widget bank: mean q of the top 8 with the style word"),
            "banks_q_without": metric(banks_shift["q_without"], "banks-20", "value", "20 банков: средняя q топ-8 без стиль-слова", "20 banks: mean q of the top 8 without the style word"),
            "banks_q_with": metric(banks_shift["q_with"], "banks-20", "value", "20 банков: средняя q топ-8 со стиль-словом", "20 banks: mean q of the top 8 with the style word"),
            "banks_polished_without": metric(banks_shift["polished_without"], "banks-20", "fraction", "20 банков: доля отполированных (q > 0,5) в топ-8 без стиль-слова", "20 banks: share of polished (q > 0.5) in the top 8 without the style word"),
            "banks_polished_with": metric(banks_shift["polished_with"], "banks-20", "fraction", "то же со стиль-словом", "the same with the style word"),
            "banks_match_without": metric(banks_shift["match_without"], "banks-20", "fraction", "20 банков: доля топ-8, совпадающих с промптом, без стиль-слова", "20 banks: share of the top 8 matching the prompt, without the style word"),
            "banks_match_with": metric(banks_shift["match_with"], "banks-20", "fraction", "то же со стиль-словом", "the same with the style word"),
            "es_q_without": metric(es_summary["es_q_without"], "es-runs", "value", "ЭС: q лучшей картинки без стиль-слова", "ES: q of the best picture without the style word"),
            "es_q_with": metric(es_summary["es_q_with"], "es-runs", "value", "ЭС: q лучшей картинки со стиль-словом", "ES: q of the best picture with the style word"),
            "es_match_without": metric(es_summary["es_match_without"], "es-runs", "fraction", "ЭС: доля запусков, где лучшая картинка совпала с промптом, без стиль-слова", "ES: share of runs whose best picture matches the prompt, without the style word"),
            "es_match_with": metric(es_summary["es_match_with"], "es-runs", "fraction", "то же со стиль-словом", "the same with the style word"),
        },
        "command": C.command_line(),
        "architecture": "image: conv 3-24/2, 24-48/2, 48-64/2 (ReLU) -> linear 1024-96-32; text: embedding 14×48, masked mean, MLP 48-64-32; both L2-normalised",
        "baked": [],
        "created": created,
    }
    C.write_card(clip_dir, clip_card)
    print("done", gen_card["bytes"], clip_card["bytes"], gen_card["parameters"], clip_card["parameters"], flush=True)


if __name__ == "__main__":
    main()
