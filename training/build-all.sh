#!/usr/bin/env bash
# Rebuild every model and fixture file from scratch (run from anywhere; paths are repo-relative).
# Uses the Debian interpreter on purpose: a bare `python3` on PATH may lack torch/onnx.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=/usr/bin/python3
INSTALL="apt-get install python3-torch python3-onnx python3-sklearn dataset-fashion-mnist"

if ! "$PY" -c 'import torch, onnx, sklearn' 2>/dev/null; then
  echo "error: $PY cannot import torch/onnx/sklearn. Install them with:" >&2
  echo "  $INSTALL" >&2
  exit 1
fi
DATA="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
if [ ! -e "$DATA/train-images-idx3-ubyte.gz" ] && [ ! -e "$DATA/train-images-idx3-ubyte" ]; then
  echo "error: Fashion-MNIST not found in $DATA (set FASHION_MNIST_DIR or: $INSTALL)" >&2
  exit 1
fi

run() {
  echo "==> $PY $*"
  local t0=$SECONDS
  "$PY" "$@"
  echo "    done in $((SECONDS - t0)) s"
}

# Each script writes its own outputs (see training/README.md for the list).
run training/conv_shape_fixtures.py
run training/fashion_cnn.py
# BYOL toy models (see README "BYOL models"). Order matters: byol_full.py reads the cards of
# byol-tau-zero and byol-random-target and training/byol-tau-sweep.json to assemble the τ sweep.
run training/byol_augment_fixture.py
run training/byol_random_init.py
run training/byol_random_target.py
run training/byol_tau_zero.py
run training/byol_no_predictor.py
run training/byol_supervised.py
run training/byol_tau_sweep.py
run training/byol_full.py



# SupCon toy models (see README "SupCon models"). Order matters: supcon_out.py reads
# training/supcon-tau-sweep.json (written by supcon_tau_sweep.py) to bake the τ sweep.
run training/supcon_loss.py
run training/supcon_ce.py
run training/supcon_simclr.py
run training/supcon_in.py
run training/supcon_tau_sweep.py
run training/supcon_out.py
run training/supcon_corruption_fixture.py

# The LHOPT miniature: a learning-rate controller meta-trained by evolution strategies (also writes
# tests/fixtures/lhopt-train.json).
run training/lhopt_controller.py

# Stylised NeRF: a flatland radiance field + a hypernetwork colour layer (also writes the render fixtures).
run training/nerf_flatland.py

# HD depth: a tiny fully convolutional depth network on procedural scenes (also writes the baked pictures
# into src/components/depth/baked/ and tests/fixtures/depth-lib.json).
run training/depth_boost.py

# SAINT (tiny tabular transformer) and its variant without intersample attention: one script writes
# both (shared synthetic table, baselines and comparisons).
run training/saint_tabular.py

# Writer-style models (see README "Writer-style models"; corpora in $WRITERS_DATA, default
# /work/shared/data). Order matters: writers_char_*.py read dataset.json and the baseline's JSON.
run training/writers_text_fixture.py
run training/writers_dataset.py
run training/writers_baseline.py
run training/writers_char_ru.py
run training/writers_char_en.py
# After the models: the style statistics (re-adds fingerprints.json to the cards' `baked`) and the
# precomputed answers for the widget's samples (Node: the repo's pinned Node >= 22.18 runs .ts).
run training/writers_fingerprints.py
echo "==> node scripts/bake-writer-samples.ts"
node scripts/bake-writer-samples.ts

# "Unreal engine" prompt trick: the mini CLIP and the generator of its toy world; one script writes
# both (shared synthetic world, baked rankings and every measurement).
run training/miniclip_train.py

# GAN compositing: procedural heads, an autoencoder with a GAN term (encoder and decoder exported), seam
# scores; the lib fixture can be rewritten from the ONNX files alone.
run training/composite_autoencoder.py
run training/composite_lib_fixture.py

# GenRep: a VAE on MNIST, then contrastive encoders trained only on its samples (the sweep reads the
# generator back from its ONNX file), then the sampler fixture for src/lib/genrep-latent.ts.
run training/genrep_generator.py
run training/genrep_sweep.py
run training/genrep_latent_fixture.py

# GPT-J article: the ablation first (the Russian card copies its json), then one mini GPT-J per language
# (each also writes tests/fixtures/charlm-<lang>-generation.json), then the tokenizer fixture.
run training/charlm_ablation.py
run training/charlm_ru.py
run training/charlm_en.py
run training/charlm_text_fixture.py

echo "all models and fixtures rebuilt"
