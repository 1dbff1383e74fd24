"""Suggested themes: each question's answers grouped by meaning, labelled, with quotes.

See docs/themes.md for the design. The public interface is `Answer`, `SuggestedTheme` and
`suggest_themes`; everything else here is private.
"""

import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from vogter.themes import embed, labels, metric
from vogter.themes.cluster import (
    K_PENALTY,
    Labels,
    Matrix,
    choose_k,
    spectral_clusters,
    spherical_kmeans,
)
from vogter.themes.lexicon import CONCEPT_BY_ID
from vogter.themes.text import STOPWORDS, Features, features, normalise, tokens

# Stems are language-specific, so they would pull answers apart by language: they only
# break ties between concept profiles. With the sentence vectors, which bridge the languages,
# they may weigh more (docs/themes.md: tuned on the development sets and dv4).
STEM_WEIGHT = 0.35
MODEL_STEM_WEIGHT = 0.6
MAX_STEMS = 400
MAX_AUTO_K = 9
# With the model: the share of the sentence vectors in each row (the lexicon block has the rest).
MODEL_WEIGHT = 0.5
# With the model, automatic k charges each further theme less than the lexicon alone does: the
# learned projection separates themes better, and a higher charge chose too few (docs/themes.md).
MODEL_K_PENALTY = 0.04

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    id: str
    question: str
    text: str


@dataclass(frozen=True)
class SuggestedTheme:
    question: str
    label: str
    answer_ids: tuple[str, ...]
    quote_ids: tuple[str, ...]


def suggest_themes(
    answers: Iterable[Answer], k: int | None = None, language: str = "da"
) -> list[SuggestedTheme]:
    """Group each question's answers into themes.

    Every answer lands in exactly one theme of its own question. With `k`, each question gets
    exactly min(k, its number of answers) themes; without, the number is chosen per question.
    Labels are in `language` ("da" or "en"). The same input gives the same output.
    """
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    by_question: dict[str, list[Answer]] = defaultdict(list)
    total = 0
    for answer in answers:
        by_question[answer.question].append(answer)
        total += 1
    use_model = uses_model(total)
    themes: list[SuggestedTheme] = []
    # The matrices are small: a multi-threaded BLAS only spins and, on a busy machine, is
    # many times slower than one thread.
    with threadpool_limits(limits=1, user_api="blas"):
        for question, group in by_question.items():
            themes.extend(_question_themes(question, group, k, language, use_model))
    return themes


def uses_model(n_answers: int) -> bool:
    """Whether a call with this many answers uses the sentence vectors as well as the lexicon:
    whenever the model is installed and not switched off (VOGTER_THEMES_MODEL=off)."""
    return n_answers > 0 and embed.available()


def _question_themes(
    question: str,
    given: Sequence[Answer],
    k: int | None,
    language: str,
    use_model: bool = False,
) -> list[SuggestedTheme]:
    # Work in an order that depends on the answers only, not on how they came in: the same
    # answers in another order give the same themes. Output lists answers in input order.
    order = sorted(
        range(len(given)), key=lambda i: (normalise(given[i].text), given[i].id, given[i].text)
    )
    answers = [given[i] for i in order]
    n = len(answers)
    feats = [features(a.text) for a in answers]
    lexical, concept_columns = _matrix(feats, MODEL_STEM_WEIGHT if use_model else STEM_WEIGHT)
    x = lexical
    has_content = np.linalg.norm(x, axis=1) > 0
    if use_model:
        try:
            x, has_content = _with_vectors(lexical, feats, answers, question)
        except RuntimeError:
            # The model is installed but would not load (a broken install): the lexicon alone.
            logger.exception("themes: the sentence vectors failed; the lexicon alone is used")
            return _question_themes(question, given, k, language, use_model=False)
    content = np.flatnonzero(has_content)
    rest = np.flatnonzero(~has_content)

    target = None if k is None else min(k, n)
    groups: list[list[int]]
    if target == 1 or content.size == 0:
        groups = [list(range(n))]
    elif target is None:
        groups = _cluster(x[content], None, use_model)
        groups = [[int(content[i]) for i in g] for g in groups]
        if rest.size:
            groups.append([int(i) for i in rest])
    else:
        # With k fixed, a theme for answers that merely share nothing with the others would
        # cost a real theme: they join the largest one. Blank answers keep a theme of their own.
        blank = [int(i) for i in rest if feats[i].contentless]
        loose = [int(i) for i in rest if not feats[i].contentless]
        groups = _cluster(x[content], target - (1 if blank else 0), use_model)
        groups = [[int(content[i]) for i in g] for g in groups]
        if loose:
            largest = max(groups, key=len)
            largest.extend(loose)
            largest.sort()
        if blank:
            groups.append(blank)
    if target is not None:
        groups = _exactly(groups, target, x)

    themes = []
    used_labels: set[str] = set()
    ordered = sorted(groups, key=lambda g: (_is_leftover(g, has_content), -len(g), min(g)))
    for members in ordered:
        label = _label(
            members, lexical, concept_columns, feats, answers, has_content, language, used_labels
        )
        label = _unique(label, used_labels)
        used_labels.add(label)
        themes.append(
            SuggestedTheme(
                question=question,
                label=label,
                answer_ids=tuple(answers[i].id for i in sorted(members, key=order.__getitem__)),
                quote_ids=tuple(answers[i].id for i in _quotes(members, x, answers)),
            )
        )
    return themes


def _matrix(
    feats: Sequence[Features], stem_weight: float = STEM_WEIGHT
) -> tuple[Matrix, list[str]]:
    """TF-IDF rows over concepts and (weaker) stems that at least two answers share."""
    n = len(feats)
    concept_df = Counter(c for f in feats for c in f.concepts)
    stem_df = Counter(s for f in feats for s in f.stems)
    concept_columns = sorted(concept_df)
    stems = sorted((s for s, df in stem_df.items() if df >= 2), key=lambda s: (-stem_df[s], s))
    stem_columns = stems[:MAX_STEMS]
    column = {("c", c): i for i, c in enumerate(concept_columns)}
    offset = len(concept_columns)
    column.update({("s", s): offset + i for i, s in enumerate(stem_columns)})
    weights = np.zeros(len(column))
    for c in concept_columns:
        weights[column[("c", c)]] = _idf(n, concept_df[c]) * CONCEPT_BY_ID[c].weight
    for s in stem_columns:
        weights[column[("s", s)]] = _idf(n, stem_df[s]) * stem_weight
    x = np.zeros((n, len(column)))
    for row, f in enumerate(feats):
        cols = [column[("c", c)] for c in f.concepts]
        cols += [column[key] for s in f.stems if (key := ("s", s)) in column]
        x[row, cols] = 1.0
    x *= weights
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    return x, concept_columns


def _with_vectors(
    lexical: Matrix, feats: Sequence[Features], answers: Sequence[Answer], question: str
) -> tuple[Matrix, np.ndarray]:
    """Rows joining the lexicon block and the sentence vectors, language-centred and seen
    through the learned projection (metric.py).

    Every answer but the blank ones ("ved ikke", "-") has content: the vectors see meaning in
    words the lexicon lacks.
    """
    has_content = np.array([not f.contentless for f in feats], dtype=bool)
    content = [int(i) for i in np.flatnonzero(has_content)]
    if not content:
        return lexical, has_content
    vecs = embed.vectors([answers[i].text for i in content])
    centred = embed.centred(vecs, [feats[i].language_group for i in content])
    centred = metric.project(centred, embed.model_id(), question)
    joined = np.zeros((len(feats), lexical.shape[1] + centred.shape[1]))
    joined[content] = np.hstack(
        [lexical[content] * math.sqrt(1 - MODEL_WEIGHT), centred * math.sqrt(MODEL_WEIGHT)]
    )
    norms = np.linalg.norm(joined, axis=1, keepdims=True)
    joined = np.divide(joined, norms, out=np.zeros_like(joined), where=norms > 0)
    return joined, has_content


def _idf(n: int, df: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1.0


def _cluster(x: Matrix, k: int | None, spectral: bool) -> list[list[int]]:
    """Spectral clustering on the rows with sentence vectors; spherical k-means on the lexicon
    rows alone, whose many identical concept profiles make a graph of nearest neighbours
    arbitrary (spectral clustering cost them 0.01-0.05 ARI on the development sets)."""
    n = x.shape[0]
    if k is None:
        if n < 6:
            found: Labels = np.zeros(n, dtype=np.intp)
        else:
            k_max = max(2, min(MAX_AUTO_K, round(math.sqrt(n)) + 1))
            # The lighter charge was measured with the projection only (docs/themes.md).
            projected = spectral and metric.applies(embed.model_id())
            penalty = MODEL_K_PENALTY if projected else K_PENALTY
            _, found = choose_k(x, k_max, spectral=spectral, penalty=penalty)
    elif spectral:
        found = spectral_clusters(x, min(k, n))
    else:
        found = spherical_kmeans(x, min(k, n))
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(found):
        groups[int(label)].append(i)
    return [g for g in groups.values() if g]


def _exactly(groups: list[list[int]], target: int, x: Matrix) -> list[list[int]]:
    """Split the largest groups (or merge the smallest) until there are `target` of them."""
    groups = [list(g) for g in groups if g]
    while len(groups) < target:
        largest = max(range(len(groups)), key=lambda i: (len(groups[i]), -groups[i][0]))
        members = groups.pop(largest)
        halves = spherical_kmeans(x[members], 2, restarts=2)
        first = [m for m, h in zip(members, halves, strict=True) if h == 0]
        second = [m for m, h in zip(members, halves, strict=True) if h == 1]
        if not first or not second:
            first, second = members[:-1], members[-1:]
        groups.extend([first, second])
    while len(groups) > target:
        groups.sort(key=len)
        smallest = groups.pop(0)
        groups[0].extend(smallest)
        groups[0].sort()
    return groups


def _is_leftover(members: list[int], has_content: np.ndarray) -> bool:
    return not bool(has_content[members].any())


def _label(
    members: list[int],
    x: Matrix,
    concept_columns: list[str],
    feats: Sequence[Features],
    answers: Sequence[Answer],
    has_content: np.ndarray,
    language: str,
    used: set[str],
) -> str:
    """One topic: the concept most characteristic of the theme. A pair ("Tid og fejl") read
    as two themes in one, so when another theme of the question already has that name, the
    next concept nearly as characteristic names this one instead of "Tid (2)"."""
    if _is_leftover(members, has_content):
        if all(feats[i].contentless for i in members):
            return labels.localise(*labels.UNCLEAR, language)
        return labels.localise(*labels.OTHER, language)
    inside = np.zeros(len(feats), dtype=bool)
    inside[members] = True
    scored = []
    present = x[:, : len(concept_columns)] > 0
    for column, concept in enumerate(concept_columns):
        have = present[:, column]
        p_in = float(have[inside].mean())
        p_out = float(have[~inside].mean()) if (~inside).any() else 0.0
        if p_in >= 0.25:
            scored.append((p_in * (p_in - p_out) + 0.01 * p_in, concept))
    scored.sort(key=lambda s: (-s[0], s[1]))
    candidates = [
        labels.capitalise(labels.concept_label(CONCEPT_BY_ID[concept], language))
        for score, concept in scored
        if score > 0 and score >= 0.5 * scored[0][0]
    ]
    for name in candidates:
        if name not in used:
            return name
    if candidates:
        return candidates[0]
    return labels.capitalise(_common_word(members, feats, answers))


def _common_word(members: list[int], feats: Sequence[Features], answers: Sequence[Answer]) -> str:
    counts: Counter[str] = Counter()
    for i in members:
        counts.update({w for w in tokens(normalise(answers[i].text)) if w not in STOPWORDS})
    if not counts:
        return answers[members[0]].text.strip()[:40]
    return min(counts, key=lambda w: (-counts[w], -len(w), w))


def _unique(label: str, used: set[str]) -> str:
    if label not in used:
        return label
    number = 2
    while f"{label} ({number})" in used:
        number += 1
    return f"{label} ({number})"


def _quotes(members: list[int], x: Matrix, answers: Sequence[Answer]) -> list[int]:
    """The two or three answers nearest the theme's centre; very long ones count as further."""
    want = min(3, len(members))
    centre = x[members].sum(axis=0)
    norm = float(np.linalg.norm(centre))
    similarity = x[members] @ (centre / norm) if norm > 0 else np.zeros(len(members))
    penalty = [0.15 if len(answers[i].text) > 300 else 0.0 for i in members]
    ranked = sorted(range(len(members)), key=lambda j: (-(similarity[j] - penalty[j]), members[j]))
    return [members[j] for j in ranked[:want]]
