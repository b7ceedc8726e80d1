"""Model `supcon-out` (SupCon article, variant c): SupCon L^sup_out (mean over positives outside the log),
τ = 0.1. Also bakes the temperature sweep τ ∈ {0.05, 0.1, 0.2, 0.5, 1.0} (accuracy per τ), assembled from
training/supcon-tau-sweep.json (written by training/supcon_tau_sweep.py — run it first; build-all.sh does)
plus this run's own τ = 0.1.

Writes public/models/supcon-out/. Rebuild from the repo root:
    /usr/bin/python3 training/supcon_out.py
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import supcon_common as S  # noqa: E402

SWEEP_JSON = "training/supcon-tau-sweep.json"
KEYS = ("accuracy", "knn_accuracy", "intra_class_cos", "inter_class_cos", "class_cos_gap",
        "intra_class_cos_projection", "inter_class_cos_projection", "class_cos_gap_projection")


def finish(card_extra, baked_extra, metrics, args):
    p = C.repo_path(SWEEP_JSON)
    if not p.exists():
        sys.exit(f"error: {p} missing; run training/supcon_tau_sweep.py first")
    sweep = json.loads(p.read_text())
    assert sweep["steps"] == args.steps and sweep["seed"] == args.seed, "tau sweep was run with other settings"
    rows = [{"tau": r["tau"], "source": SWEEP_JSON, **{k: r["metrics"][k] for k in KEYS}} for r in sweep["runs"]]
    rows.append({"tau": 0.1, "source": "supcon-out", **{k: round(metrics[k], 4) for k in KEYS}})
    rows.sort(key=lambda r: r["tau"])
    baked_extra["tau_sweep"] = rows
    card_extra["tau_sweep"] = [{"tau": r["tau"], "accuracy": r["accuracy"], "knn_accuracy": r["knn_accuracy"],
                                "class_cos_gap_projection": r["class_cos_gap_projection"], "source": r["source"]}
                               for r in rows]
    for r in rows:
        if r["source"] == "supcon-out":
            continue
        t = str(r["tau"])
        card_extra["metrics_extra"][f"accuracy_tau_{t.replace('.', '_')}"] = {
            "value": r["accuracy"], "split": "test", "unit": "fraction",
            "label": {"ru": f"τ-развёртка: точность линейного классификатора при τ = {t.replace('.', ',')} (тот же бюджет)",
                      "en": f"τ sweep: linear-classifier accuracy at τ = {t} (same budget)"}}


if __name__ == "__main__":
    S.run_model(
        __doc__.splitlines()[0], "supcon-out", loss_kind="out", tau=0.1, variant="c", finish=finish,
        title={"ru": "SupCon (c): L_out — среднее вне логарифма, τ = 0,1",
               "en": "SupCon (c): L_out — mean outside the log, τ = 0.1"},
        summary={"ru": "Позитивы — все виды того же класса в батче; усреднение по позитивам вне логарифма (вариант, "
                       "который в статье обучается лучше).",
                 "en": "Positives are all same-class views in the batch; the average over positives sits outside the "
                       "log (the variant the paper finds trains better)."})
