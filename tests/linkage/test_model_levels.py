"""Level labels of a model saved without Splink's chart labels come from the spec."""

from __future__ import annotations

import copy

from sinergi.linkage.model.levels import level_labels, level_parameters, spec_level_labels
from sinergi.linkage.model.scoring import builtin_model, load_spec


def _without_chart_labels(model: dict) -> dict:
    stripped = copy.deepcopy(model)
    for comp in stripped["comparisons"]:
        for lv in comp["comparison_levels"]:
            lv.pop("label_for_charts", None)
    return stripped


def test_a_stored_model_without_chart_labels_still_names_every_level() -> None:
    spec = load_spec()
    model = _without_chart_labels(builtin_model(spec, 1e-4))
    labels = level_labels(model)
    from_spec = spec_level_labels()
    for name, by_gamma in labels.items():
        for gamma, label in by_gamma.items():
            if gamma == -1:
                assert label == "tidak diketahui"
                continue
            assert label, (name, gamma)
            assert label == from_spec[(name, gamma)]
    assert all(row["label"] for row in level_parameters(model))


def test_a_models_own_chart_label_wins_over_the_spec() -> None:
    model = builtin_model(load_spec(), 1e-4)
    comp = model["comparisons"][0]
    first = next(lv for lv in comp["comparison_levels"] if not lv.get("is_null_level"))
    first["label_for_charts"] = "label sendiri"
    labels = level_labels(model)[comp["output_column_name"]]
    assert "label sendiri" in labels.values()
