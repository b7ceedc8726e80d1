"""The synthetic mixed-type table behind the SAINT toy (training/saint_tabular.py).

Nothing is downloaded: the table is generated here from documented rules with a seeded numpy
Generator, so anyone can rebuild it bit for bit. It imitates a telecom "churn" table: 4 numeric
and 4 categorical columns, one binary label, and missing cells.

Generative rules (all constants are below and are copied into the model card):
1. Every row belongs to one hidden customer segment s (5 segments, probabilities SEGMENT_P). The
   segment is NOT a column: the models must infer it from the columns, which is what makes
   borrowing information from similar rows (intersample attention) plausible.
2. Numeric columns depend on the segment: age ~ Normal(mean_s, sd_s) rounded, clipped to 18..90;
   income (thousand per month) ~ LogNormal(log median_s, 0.35) rounded to 0.1; tenure (months)
   ~ Gamma(2, mean_s / 2) rounded, clipped to 0..150; usage (GB per month) ~ Gamma(3, mean_s / 3)
   rounded to 0.1.
3. Categorical columns (plan, contract, region, channel) are drawn from per-segment distributions.
4. The label "churned" ~ Bernoulli(sigmoid(logit)) with
   logit = base_s + 1.3·[contract = monthly] − 0.7·[contract = two-year] − 0.03·min(tenure, 60)
           + 1.0·[plan = basic and usage > 25] + 0.8·[channel = phone and region = east]
           + 0.6·[plan = premium and income < 2] + Normal(0, 0.3).
   The noise and the Bernoulli draw make the label irreducibly uncertain (no model can reach 100 %).
5. After the label is drawn, every cell (not the label) is blanked independently with probability
   MISSING_P (missing completely at random).
Split: rows are shuffled once, then 60 % train / 15 % validation / 25 % test.

Also here: the preprocessing mirrored by src/lib/saint-preprocess.ts (raw row -> model inputs),
pinned together by tests/fixtures/saint-preprocess.json.
"""
from __future__ import annotations

import math

import numpy as np

N_ROWS = 6000
DATA_SEED = 20210602  # SAINT's arXiv date; any fixed number would do
MISSING_P = 0.08
SPLIT = {"train": 0.60, "validation": 0.15, "test": 0.25}

SEGMENTS = ["students", "young professionals", "families", "business", "retirees"]
SEGMENT_P = [0.22, 0.22, 0.22, 0.18, 0.16]
SEGMENT_BASE = [0.2, -0.4, -0.9, -0.2, -1.2]

NUMERIC = [
    # key, ru, en, unit ru, unit en, per-segment params, rounding decimals, widget min/max/step
    {"key": "age", "ru": "возраст", "en": "age", "unit_ru": "лет", "unit_en": "years",
     "mean": [22, 31, 42, 46, 69], "sd": [3, 5, 7, 8, 6], "decimals": 0, "min": 18, "max": 90, "step": 1},
    {"key": "income", "ru": "доход", "en": "income", "unit_ru": "тыс./мес.", "unit_en": "k/month",
     "median": [0.8, 2.6, 3.5, 6.0, 1.9], "decimals": 1, "min": 0, "max": 30, "step": 0.1},
    {"key": "tenure", "ru": "стаж клиента", "en": "tenure", "unit_ru": "мес.", "unit_en": "months",
     "mean": [9, 22, 48, 40, 75], "decimals": 0, "min": 0, "max": 150, "step": 1},
    {"key": "usage", "ru": "трафик", "en": "data usage", "unit_ru": "ГБ/мес.", "unit_en": "GB/month",
     "mean": [38, 26, 17, 12, 4], "decimals": 1, "min": 0, "max": 200, "step": 0.1},
]

CATEGORICAL = [
    {"key": "plan", "ru": "тариф", "en": "plan",
     "values": ["basic", "standard", "premium"],
     "labels_ru": ["базовый", "стандартный", "премиум"], "labels_en": ["basic", "standard", "premium"],
     "p": [[0.70, 0.25, 0.05], [0.30, 0.50, 0.20], [0.20, 0.50, 0.30], [0.05, 0.35, 0.60], [0.55, 0.35, 0.10]]},
    {"key": "contract", "ru": "договор", "en": "contract",
     "values": ["monthly", "annual", "two_year"],
     "labels_ru": ["помесячный", "на год", "на два года"], "labels_en": ["monthly", "annual", "two-year"],
     "p": [[0.80, 0.15, 0.05], [0.55, 0.30, 0.15], [0.25, 0.40, 0.35], [0.30, 0.35, 0.35], [0.20, 0.30, 0.50]]},
    {"key": "region", "ru": "регион", "en": "region",
     "values": ["north", "south", "east", "west"],
     "labels_ru": ["север", "юг", "восток", "запад"], "labels_en": ["north", "south", "east", "west"],
     "p": [[0.25, 0.25, 0.25, 0.25], [0.20, 0.20, 0.30, 0.30], [0.25, 0.30, 0.25, 0.20], [0.15, 0.15, 0.30, 0.40], [0.30, 0.35, 0.20, 0.15]]},
    {"key": "channel", "ru": "канал", "en": "channel",
     "values": ["online", "store", "phone"],
     "labels_ru": ["онлайн", "салон", "телефон"], "labels_en": ["online", "store", "phone"],
     "p": [[0.80, 0.15, 0.05], [0.65, 0.25, 0.10], [0.40, 0.40, 0.20], [0.50, 0.20, 0.30], [0.10, 0.40, 0.50]]},
]

LABEL = {"key": "churned", "ru": "ушёл", "en": "churned", "classes_ru": ["остался", "ушёл"], "classes_en": ["stayed", "churned"]}
Z_CLIP = 5.0  # standardised numeric values are clipped to ±Z_CLIP (guards reader-typed extremes)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def generate(n: int = N_ROWS, seed: int = DATA_SEED, with_truth: bool = False):
    """Returns (num float64 [n,4] with NaN = missing, cat int64 [n,4] with -1 = missing,
    y int64 [n], segment int64 [n]) in generation order (split with `split_indices`); with
    `with_truth`, also the generator's own churn probability sigmoid(logit) of every row (computed
    before any cell is blanked: a ceiling no model that sees only the columns can beat on average)."""
    rng = np.random.default_rng(seed)
    s = rng.choice(len(SEGMENTS), size=n, p=SEGMENT_P)
    age = np.clip(np.round(rng.normal(np.take(NUMERIC[0]["mean"], s), np.take(NUMERIC[0]["sd"], s))), 18, 90)
    income = np.round(np.exp(rng.normal(np.log(np.take(NUMERIC[1]["median"], s)), 0.35)), 1)
    tenure = np.clip(np.round(rng.gamma(2.0, np.take(NUMERIC[2]["mean"], s) / 2.0)), 0, 150)
    usage = np.round(rng.gamma(3.0, np.take(NUMERIC[3]["mean"], s) / 3.0), 1)
    num = np.stack([age, income, tenure, usage], axis=1).astype(np.float64)
    cat = np.zeros((n, len(CATEGORICAL)), dtype=np.int64)
    u = rng.random((n, len(CATEGORICAL)))
    for j, c in enumerate(CATEGORICAL):
        cdf = np.cumsum(np.asarray(c["p"], dtype=np.float64), axis=1)[s]  # [n, K]
        cat[:, j] = np.minimum((u[:, [j]] > cdf).sum(axis=1), len(c["values"]) - 1)
    plan, contract, region, channel = cat[:, 0], cat[:, 1], cat[:, 2], cat[:, 3]
    logit = (np.take(SEGMENT_BASE, s) + 1.3 * (contract == 0) - 0.7 * (contract == 2) - 0.03 * np.minimum(tenure, 60)
             + 1.0 * ((plan == 0) & (usage > 25)) + 0.8 * ((channel == 2) & (region == 2))
             + 0.6 * ((plan == 2) & (income < 2)) + rng.normal(0, 0.3, n))
    y = (rng.random(n) < sigmoid(logit)).astype(np.int64)
    miss = rng.random((n, num.shape[1] + cat.shape[1])) < MISSING_P
    num[miss[:, :4]] = np.nan
    cat[miss[:, 4:]] = -1
    if with_truth:
        return num, cat, y, s, sigmoid(logit)
    return num, cat, y, s


def split_indices(n: int = N_ROWS, seed: int = DATA_SEED):
    perm = np.random.default_rng(seed + 1).permutation(n)
    a = int(round(SPLIT["train"] * n))
    b = a + int(round(SPLIT["validation"] * n))
    return {"train": perm[:a], "validation": perm[a:b], "test": perm[b:]}


def numeric_stats(num_train):
    """Mean and std (population) of each numeric column over the observed training cells."""
    mean = [float(np.nanmean(num_train[:, j])) for j in range(num_train.shape[1])]
    std = [float(np.nanstd(num_train[:, j])) for j in range(num_train.shape[1])]
    return [round(m, 6) for m in mean], [round(s_, 6) for s_ in std]


def preprocess(num, cat, mean, std):
    """Raw table -> model inputs (mirrors src/lib/saint-preprocess.ts):
    num      float32 [n,4]: clip((x − mean) / std, ±Z_CLIP), computed in float64 then rounded once
                            to float32; 0 where missing
    num_miss float32 [n,4]: 1 where the numeric cell is missing, else 0
    cat      int64   [n,4]: category index 0..K−1, or K (the column's learned "missing" row) if missing."""
    num = np.asarray(num, dtype=np.float64)
    miss = np.isnan(num)
    z = np.clip((num - np.asarray(mean)) / np.asarray(std), -Z_CLIP, Z_CLIP)
    z = np.where(miss, 0.0, z).astype(np.float32)
    cat = np.asarray(cat, dtype=np.int64).copy()
    for j, c in enumerate(CATEGORICAL):
        cat[cat[:, j] < 0, j] = len(c["values"])
    return z, miss.astype(np.float32), cat


def mask_cells(num, cat, frac: float, seed: int):
    """Blank an extra `frac` of ALL cells at random (cells already missing stay missing)."""
    rng = np.random.default_rng(seed)
    m = rng.random((num.shape[0], num.shape[1] + cat.shape[1])) < frac
    num2, cat2 = num.copy(), cat.copy()
    num2[m[:, :num.shape[1]]] = np.nan
    cat2[m[:, num.shape[1]:]] = -1
    return num2, cat2


def schema(mean, std):
    """The column description baked for the widget and the TS preprocessing."""
    return {
        "numeric": [{k: c[k] for k in ("key", "ru", "en", "unit_ru", "unit_en", "decimals", "min", "max", "step")}
                    | {"mean": mean[j], "std": std[j]} for j, c in enumerate(NUMERIC)],
        "categorical": [{k: c[k] for k in ("key", "ru", "en", "values", "labels_ru", "labels_en")} for c in CATEGORICAL],
        "label": LABEL,
        "z_clip": Z_CLIP,
    }


def raw_rows(num, cat):
    """JSON rows {key: value|null} as the widget edits them (categorical values as their names)."""
    rows = []
    for i in range(num.shape[0]):
        r = {}
        for j, c in enumerate(NUMERIC):
            v = num[i, j]
            r[c["key"]] = None if math.isnan(v) else (int(v) if c["decimals"] == 0 else round(float(v), c["decimals"]))
        for j, c in enumerate(CATEGORICAL):
            r[c["key"]] = None if cat[i, j] < 0 else c["values"][int(cat[i, j])]
        rows.append(r)
    return rows


def generation_rules():
    return {
        "rows": N_ROWS, "seed": DATA_SEED, "missing_completely_at_random": MISSING_P, "split": SPLIT,
        "segments": {"names": SEGMENTS, "p": SEGMENT_P, "label_logit_base": SEGMENT_BASE, "note": "hidden; not a column"},
        "numeric": [{k: v for k, v in c.items() if k not in ("ru", "en", "unit_ru", "unit_en", "min", "max", "step")} for c in NUMERIC],
        "categorical": [{"key": c["key"], "values": c["values"], "p_by_segment": c["p"]} for c in CATEGORICAL],
        "label": "churned ~ Bernoulli(sigmoid(base_s + 1.3[contract=monthly] - 0.7[contract=two_year] - 0.03 min(tenure,60) "
                 "+ 1.0[plan=basic & usage>25] + 0.8[channel=phone & region=east] + 0.6[plan=premium & income<2] + N(0,0.3)))",
        "code": "training/saint_data.py",
    }
