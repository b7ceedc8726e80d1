"""Shared helpers for every model/fixture script in training/.

A model script is expected to: parse args with `base_arg_parser`, call `seed_everything`,
load data, train, export with `export_onnx`, and write `card.json` / `fixtures.json` with
`write_card` / `write_fixtures` (see training/README.md for the full contract).

Only numpy + the Python standard library are imported at module level, so the pure helpers
(IDX parsing, image preprocessing mirrors) work without torch; torch/onnx are imported lazily.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import hashlib
import json
import math
import os
import random
import shlex
import struct
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"
INSTALL_HINT = "apt-get install python3-torch python3-onnx python3-sklearn dataset-fashion-mnist"
OPSET = 17
DEFAULT_THREADS = 2

# Keys every card.json must carry (the site's tests validate them). Scripts may add
# documented extra keys (e.g. "architecture", "baked_notes", "classes").
CARD_KEYS = [
    "id", "title", "summary", "file", "sha256", "bytes", "parameters", "opset",
    "size_budget_bytes", "inputs", "outputs", "preprocess", "data", "training", "splits",
    "metrics", "command", "baked", "created",
]


# --------------------------------------------------------------------------- CLI / provenance

def base_arg_parser(description: str, default_out: str | None = None) -> argparse.ArgumentParser:
    """Arguments shared by all model scripts; paths are relative to the repo root."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", default=os.environ.get("FASHION_MNIST_DIR", DEFAULT_FASHION_MNIST_DIR),
                   help="dataset dir (default: $FASHION_MNIST_DIR or %(default)s)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    if default_out is not None:
        p.add_argument("--out", default=default_out, help="output dir, relative to repo root")
    return p


def repo_path(p: str | os.PathLike) -> Path:
    """Resolve a path given relative to the repo root (absolute paths pass through)."""
    p = Path(p)
    return p if p.is_absolute() else REPO_ROOT / p


def command_line() -> str:
    """The exact command that was run, with the script path made relative to the repo root,
    so the card's `command` can be pasted from the repo root to rebuild."""
    script = Path(sys.argv[0]).resolve()
    try:
        script_rel = str(script.relative_to(REPO_ROOT))
    except ValueError:
        script_rel = str(script)
    exe = sys.executable if sys.executable else "/usr/bin/python3"
    return shlex.join([exe, script_rel, *sys.argv[1:]])


def created_date() -> str:
    """ISO date (UTC); honours SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch else _dt.datetime.now(_dt.timezone.utc)
    return t.date().isoformat()


class WallTimer:
    """`with WallTimer() as t: ...; t.seconds` — wall clock (what a reader waiting would see)."""

    def __enter__(self):
        self._t0 = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._t0
        return False


# --------------------------------------------------------------------------- torch / determinism

def require_torch():
    """Import torch + onnx or exit with an actionable message."""
    try:
        import torch  # noqa: F401
        import onnx  # noqa: F401
    except ImportError as e:  # pragma: no cover - environment problem
        sys.exit(f"error: {e}. Run with /usr/bin/python3 after: {INSTALL_HINT}")
    import torch
    return torch


def seed_everything(seed: int, threads: int = DEFAULT_THREADS):
    """Seed every RNG and pin the things that make CPU runs bit-reproducible.

    The thread count matters: float reductions split across a different number of threads
    sum in a different order, so results are only reproducible for the same `threads`.
    Returns a torch.Generator to pass explicitly to shuffling (keeps data order independent
    of any other use of the global RNG).
    """
    torch = require_torch()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def count_parameters(model) -> int:
    return int(sum(p.numel() for p in model.parameters()))


def torch_version() -> str:
    return require_torch().__version__


# --------------------------------------------------------------------------- data (IDX)

def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Parse an IDX file (optionally .gz): magic 0x0000 <dtype> <ndim>, big-endian dims."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08:  # Fashion-MNIST is all unsigned bytes
        raise ValueError(f"{path}: unsupported IDX header {raw[:4]!r}")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims).copy()


def load_fashion_mnist(data_dir: str | os.PathLike):
    """Returns dict split -> (images uint8 [N,28,28], labels uint8 [N])."""
    d = Path(data_dir)

    def find(stem):
        for name in (stem + ".gz", stem):
            if (d / name).exists():
                return d / name
        sys.exit(f"error: {d / stem}[.gz] not found. Set --data or FASHION_MNIST_DIR, or: {INSTALL_HINT}")

    out = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        x = read_idx(find(f"{prefix}-images-idx3-ubyte"))
        y = read_idx(find(f"{prefix}-labels-idx1-ubyte"))
        assert x.shape[0] == y.shape[0]
        out[split] = (x, y)
    return out


FASHION_CLASSES = {
    "ru": ["футболка/топ", "брюки", "свитер", "платье", "пальто", "сандалии", "рубашка",
           "кроссовки", "сумка", "ботильоны"],
    "en": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
           "Bag", "Ankle boot"],
}

FASHION_MNIST_DATA = {
    "name": "Fashion-MNIST",
    "licence": "MIT",
    "source": "Debian package dataset-fashion-mnist (Zalando Research)",
    "url": "https://github.com/zalandoresearch/fashion-mnist",
}


# --------------------------------------------------------------------------- image preprocessing
# These mirror src/lib/image-preprocess.ts operation for operation; tests/fixtures/image-preprocess.json
# pins the two together. Change both or neither.

def to_model_input(pixels, pre: dict) -> np.ndarray:
    """((p / scale) - mean) / std, computed in float64 then rounded once to float32 —
    exactly what a JS Float32Array assignment of the same double expression does."""
    p = np.asarray(pixels, dtype=np.float64)
    return (((p / pre["scale"]) - pre["mean"]) / pre["std"]).astype(np.float32)


def rgba_to_gray28(rgba, width: int, height: int, size: int = 28) -> np.ndarray:
    """Area-weighted box average of an RGBA image (row-major, 4 bytes/pixel) down (or up) to
    size×size grayscale uint8.

    Per source pixel: gray = (R+G+B)/3 * A/255, i.e. composited onto black, so a transparent
    canvas background counts as black. Output cell i covers source rows [i*H/size, (i+1)*H/size);
    source pixels are weighted by their overlap. Everything is done in exact integers
    (coordinates scaled by `size`) and rounded half up, so TS can reproduce it bit for bit.
    """
    a = np.asarray(rgba, dtype=np.int64).reshape(height, width, 4)
    v = (a[..., 0] + a[..., 1] + a[..., 2]) * a[..., 3]  # 0..765*255, = gray * 3*255

    def weights(n):  # [size, n] overlap of output cell i with source pixel k, in 1/size units
        w = np.zeros((size, n), dtype=np.int64)
        for i in range(size):
            lo, hi = i * n, (i + 1) * n  # cell bounds in source coords * size
            for k in range(lo // size, min(n, -(-hi // size))):
                w[i, k] = max(0, min(hi, (k + 1) * size) - max(lo, k * size))
        return w

    wy, wx = weights(height), weights(width)
    acc = wy @ v @ wx.T  # exact int64 (max ~ 2^53 for ~4000x4000 inputs)
    denom = height * width * 3 * 255  # cell area (H*W in scaled units) * gray scale factor
    return ((2 * acc + denom) // (2 * denom)).astype(np.uint8)  # round half up


def channel_mean_map(act: np.ndarray) -> np.ndarray:
    """[C,H,W] (or [1,C,H,W]) activations -> [H,W] mean over channels (float32 result)."""
    a = np.asarray(act, dtype=np.float64)
    if a.ndim == 4:
        a = a[0]
    return a.mean(axis=0).astype(np.float32)


def min_max_to_255(values) -> np.ndarray:
    """Min–max scale to integers 0..255, rounding half up (JS Math.round); constant -> zeros."""
    v = np.asarray(values, dtype=np.float64)
    lo, hi = float(v.min()), float(v.max())
    if not hi > lo:
        return np.zeros(v.shape, dtype=np.uint8)
    return np.floor((v - lo) / (hi - lo) * 255 + 0.5).astype(np.uint8)


# --------------------------------------------------------------------------- ONNX export

def export_onnx(model, example_inputs, path, input_names, output_names, dynamic_axes=None, opset=OPSET):
    """Export in eval mode, then run the ONNX checker (with shape inference). Returns the
    loaded onnx.ModelProto."""
    torch = require_torch()
    import onnx

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, example_inputs, str(path), input_names=list(input_names),
                          output_names=list(output_names), opset_version=opset,
                          do_constant_folding=True, dynamic_axes=dynamic_axes)
    m = onnx.load(str(path))
    onnx.checker.check_model(m, full_check=True)
    return m


_ONNX_DTYPES = {1: "float32", 7: "int64", 6: "int32", 9: "bool", 10: "float16", 11: "float64"}


def onnx_io(model_proto) -> tuple[list, list]:
    """Input/output specs as recorded *in the exported file* (dynamic dims appear by name)."""
    import onnx

    inferred = onnx.shape_inference.infer_shapes(model_proto)

    def spec(vi):
        t = vi.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else d.dim_param for d in t.shape.dim]
        return {"name": vi.name, "shape": dims, "dtype": _ONNX_DTYPES.get(t.elem_type, str(t.elem_type))}

    inits = {i.name for i in inferred.graph.initializer}
    ins = [spec(v) for v in inferred.graph.input if v.name not in inits]
    outs = [spec(v) for v in inferred.graph.output]
    return ins, outs


def file_sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_bytes(path) -> int:
    return os.path.getsize(path)


def onnx_card_fields(onnx_path, model, budget_bytes: int = 2 * 1024 * 1024) -> dict:
    """The card keys that describe the exported file, in the cards' order: file, sha256, bytes,
    parameters (of the exported module), opset, size_budget_bytes."""
    return {"file": Path(onnx_path).name, "sha256": file_sha256(onnx_path), "bytes": file_bytes(onnx_path),
            "parameters": count_parameters(model), "opset": OPSET, "size_budget_bytes": budget_bytes}


# --------------------------------------------------------------------------- JSON outputs

def round_sig(x: float, digits: int = 7) -> float:
    """Round to `digits` significant digits (keeps fixture JSON small; float32 has ~7.2)."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return 0.0 if x == 0 else x
    return float(f"{x:.{digits}g}")


def tensor_json(arr, digits: int = 7, with_dtype: bool = True) -> dict:
    a = np.asarray(arr)
    d = {"dims": [int(s) for s in a.shape]}
    if with_dtype:
        d["dtype"] = str(a.dtype) if a.dtype != np.float64 else "float32"
    d["data"] = [round_sig(v, digits) for v in a.reshape(-1).tolist()]
    return d


def _pretty(obj, indent: int = 0) -> str:
    """Indented JSON, but lists of scalars stay on one line (readable cards, shapes inline)."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(obj, dict) and obj:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and obj and any(isinstance(v, (dict, list)) for v in obj):
        return "[\n" + ",\n".join(inner + _pretty(v, indent + 1) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def write_json(path, obj, compact: bool = False) -> Path:
    path = repo_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) if compact else _pretty(obj)
    assert json.loads(text) == obj
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    return path


def write_card(out_dir, card: dict) -> Path:
    """Validate the required keys (and that metrics look measured) and write card.json."""
    missing = [k for k in CARD_KEYS if k not in card]
    if missing:
        raise KeyError(f"card.json missing keys: {missing}")
    for name, m in card["metrics"].items():
        if not isinstance(m.get("value"), (int, float)) or m.get("split") not in card["splits"]:
            raise ValueError(f"metric {name}: needs a numeric value and a split listed in 'splits'")
    return write_json(Path(out_dir) / "card.json", card)


def write_fixtures(out_dir, model_id: str, cases: list, atol: float = 1e-4) -> Path:
    """cases: [{"name", "inputs": {name: tensor_json}, "outputs": {name: tensor_json}, ...}]"""
    return write_json(Path(out_dir) / "fixtures.json", {"model": model_id, "atol": atol, "cases": cases},
                      compact=True)
