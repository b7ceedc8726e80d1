"""Model `byol-full` (BYOL article, variant c): BYOL with predictor and EMA target, τ_base = 0.996 with
the cosine schedule. Also bakes 6 training snapshots and the τ sweep.

The τ sweep (probe accuracy for τ_base ∈ {0, 0.9, 0.99, 0.996, 1}) is assembled here from:
τ = 0 → public/models/byol-tau-zero/card.json, τ_base 0.9 and 0.99 → training/byol-tau-sweep.json
(written by training/byol_tau_sweep.py), 0.996 → this run, 1 → public/models/byol-random-target/card.json.
Run those three scripts first (build-all.sh does).

Writes public/models/byol-full/. Rebuild from the repo root:
    /usr/bin/python3 training/byol_full.py
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402
import common as C  # noqa: E402

SWEEP_JSON = "training/byol-tau-sweep.json"


def finish(card_extra, baked_extra, extra_files, metrics, args, D):
    def card_metrics(model_id):
        p = C.repo_path(f"public/models/{model_id}/card.json")
        if not p.exists():
            sys.exit(f"error: {p} missing; run training/{model_id.replace('-', '_')}.py first")
        c = json.loads(p.read_text())
        assert c["training"]["steps"] == args.steps, f"{model_id} trained for another number of steps"
        return {k: v["value"] for k, v in c["metrics"].items()}, c["training"]

    p = C.repo_path(SWEEP_JSON)
    if not p.exists():
        sys.exit(f"error: {p} missing; run training/byol_tau_sweep.py first")
    sweep = json.loads(p.read_text())
    assert sweep["steps"] == args.steps and sweep["seed"] == args.seed, "tau sweep was run with other settings"
    m0, t0 = card_metrics("byol-tau-zero")
    m1, t1 = card_metrics("byol-random-target")
    assert t1["target_params_unchanged"] and t1["tau_base"] == 1.0
    rows = [{"tau_base": 0.0, "schedule": "constant (target = copy of online every step)", "source": "byol-tau-zero", **m0}]
    for r in sweep["runs"]:
        rows.append({"tau_base": r["tau_base"], "schedule": "cosine", "source": SWEEP_JSON, **r["metrics"]})
    rows.append({"tau_base": 0.996, "schedule": "cosine", "source": "byol-full",
                 **{k: round(v, 4) for k, v in metrics.items()}})
    rows.append({"tau_base": 1.0, "schedule": "constant (frozen random target)", "source": "byol-random-target", **m1})
    baked_extra["tau_sweep"] = rows
    card_extra["tau_sweep"] = [{"tau_base": r["tau_base"], "probe_accuracy": r["probe_accuracy"],
                                "knn_accuracy": r["knn_accuracy"], "collapse_std": r["collapse_std"],
                                "source": r["source"]} for r in rows]
    card_extra["metrics_extra"] = {
        f"probe_accuracy_tau_{str(r['tau_base']).replace('.', '_')}": {
            "value": r["probe_accuracy"], "split": "test", "unit": "fraction",
            "label": {"ru": f"τ-развёртка: точность линейного зонда при τ_base = {str(r['tau_base']).replace('.', ',')} ({r['source']})",
                      "en": f"τ sweep: linear-probe accuracy at τ_base = {r['tau_base']} ({r['source']})"}}
        for r in rows if r["source"] != "byol-full"}
    card_extra["baked_notes"] = {
        "ru": B.BAKED_NOTES_SNAP["ru"] + " tau_sweep: метрики при τ_base ∈ {0, 0.9, 0.99, 0.996, 1} с тем же бюджетом "
              "(источник каждой строки указан). subset-sprite.png: те же 1 000 изображений листом 40 × 25 клеток 28×28.",
        "en": B.BAKED_NOTES_SNAP["en"] + " tau_sweep: metrics at τ_base ∈ {0, 0.9, 0.99, 0.996, 1} under the same budget "
              "(each row names its source). subset-sprite.png: the same 1,000 images as a 40 × 25 sheet of 28×28 cells.",
    }
    extra_files["subset-sprite.png"] = B.subset_sprite_png(D)
    baked_extra["sprite"] = {"file": "subset-sprite.png", "cols": B.SPRITE_COLS, "cell": B.SIZE,
                             "order": "subset order: image k at column k % cols, row k // cols (uint8 gray)"}


if __name__ == "__main__":
    B.run_variant(
        __doc__.splitlines()[0], "byol-full", export="online+target", kind="byol", variant="c", use_predictor=True, tau_base=0.996,
        snapshots=True, finish=finish,
        title={"ru": "BYOL (c): полный метод — предиктор и EMA-цель", "en": "BYOL (c): the full method — predictor and EMA target"},
        summary={"ru": "Онлайн-сеть с предиктором предсказывает проекцию другого вида от цели — скользящего среднего "
                       "её же весов (τ_base = 0,996, косинусное расписание).",
                 "en": "An online network with a predictor predicts the target's projection of the other view; the "
                       "target is a moving average of the online weights (τ_base = 0.996, cosine schedule)."})
