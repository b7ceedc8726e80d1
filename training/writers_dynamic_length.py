"""Give the writer models' ONNX input a symbolic length: ids [batch, length] instead of [batch, 1000].

The network is length-agnostic (convolutions, then max/mean pooling over non-padding positions; the
padding-invariance check in writers_char_common.py asserts padded == unpadded outputs), and torch
exported it with the example's length fixed. A symbolic length lets the browser feed a 200-character
passage as 200 ids instead of 1000, which makes live prediction and the occlusion batch ~5x cheaper
for short texts. Only the input's shape annotation changes; the graph has no length-dependent node
(asserted below). writers_char_common.py calls this right after export; run it alone to update
already-trained models in place (it also refreshes the card's sha256 / bytes / input shape):

    /usr/bin/python3 training/writers_dynamic_length.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402

LENGTH = "length"


def make_length_dynamic(onnx_path) -> None:
    import onnx
    m = onnx.load(str(onnx_path))
    assert not any(n.op_type in ("Reshape", "Expand", "Tile", "Slice") for n in m.graph.node), "length-dependent op"
    dim = m.graph.input[0].type.tensor_type.shape.dim[1]
    if dim.dim_param == LENGTH:
        return
    dim.Clear()
    dim.dim_param = LENGTH
    onnx.checker.check_model(m)
    onnx.save(m, str(onnx_path))


def update_card(model_dir: Path) -> None:
    card_path = model_dir / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    onnx_path = model_dir / card["file"]
    card["sha256"] = C.file_sha256(onnx_path)
    card["bytes"] = C.file_bytes(onnx_path)
    card["inputs"][0]["shape"] = ["batch", LENGTH]
    card["preprocess"]["length"] = "1 to max_len ids; the browser feeds exactly the passage (no padding)"
    C.write_json(card_path, card)


if __name__ == "__main__":
    for lang in ("ru", "en"):
        d = C.repo_path(f"public/models/writers-{lang}-char")
        make_length_dynamic(d / "model.onnx")
        update_card(d)
        print(f"{d}: ids [batch, {LENGTH}]")
