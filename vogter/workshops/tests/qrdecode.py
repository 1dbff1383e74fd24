"""A small QR code reader for the tests, written from ISO/IEC 18004, so that the PDF's
QR code is checked by something other than the library that made it.

It reads a clean module matrix (as drawn in the PDF: no camera, no damage) of
versions 1 to 9: format information, unmasking, the zigzag of codewords,
de-interleaving the blocks, and numeric, alphanumeric and byte segments. It does
not correct errors; a clean matrix has none, and a mistake anywhere here turns the
result into garbage rather than into the expected link.
"""

Matrix = list[list[bool]]

# Error-correction codewords per block, and the number of blocks, by level and version
# (ISO/IEC 18004 table 9), for versions 1..9.
ECC_PER_BLOCK = {
    "L": (7, 10, 15, 20, 26, 18, 20, 24, 30),
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24),
}
BLOCKS = {
    "L": (1, 1, 1, 1, 1, 2, 2, 2, 2),
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8),
}
LEVEL_BITS = {1: "L", 0: "M", 3: "Q", 2: "H"}
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

MASKS = (
    lambda r, c: (r + c) % 2 == 0,
    lambda r, c: r % 2 == 0,
    lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0,
    lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
    lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
)


def _format_code(data: int) -> int:
    """The 15-bit format word for 5 data bits: BCH(15,5), then the fixed XOR mask."""
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    return ((data << 10) | rem) ^ 0x5412


def _read_format(m: Matrix) -> tuple[str, int]:
    # The copy beside the top-left finder; bit i of the word, as the standard places it.
    spots = [(r, 8) for r in range(6)] + [(7, 8), (8, 8), (8, 7)]
    spots += [(8, c) for c in range(5, -1, -1)]
    word = sum(1 << i for i, (r, c) in enumerate(spots) if m[r][c])
    for data in range(32):
        if _format_code(data) == word:
            return LEVEL_BITS[data >> 3], data & 7
    raise ValueError("unreadable format information")


def _alignment_centres(version: int) -> list[int]:
    if version == 1:
        return []
    size = 17 + 4 * version
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    return sorted([6] + [size - 7 - i * step for i in range(count - 1)])


def _function_modules(version: int) -> Matrix:
    size = 17 + 4 * version
    f = [[False] * size for _ in range(size)]

    def block(r0: int, c0: int, rows: int, cols: int) -> None:
        for r in range(max(r0, 0), min(r0 + rows, size)):
            for c in range(max(c0, 0), min(c0 + cols, size)):
                f[r][c] = True

    block(0, 0, 9, 9)  # finder, separator and format information
    block(0, size - 8, 9, 8)
    block(size - 8, 0, 8, 9)
    block(6, 0, 1, size)  # timing patterns
    block(0, 6, size, 1)
    centres = _alignment_centres(version)
    last = len(centres) - 1
    for i, r in enumerate(centres):
        for j, c in enumerate(centres):
            if (i, j) not in ((0, 0), (0, last), (last, 0)):
                block(r - 2, c - 2, 5, 5)
    if version >= 7:
        block(0, size - 11, 6, 3)  # version information
        block(size - 11, 0, 3, 6)
    return f


def _codewords(m: Matrix, version: int, mask: int) -> list[int]:
    size = len(m)
    function = _function_modules(version)
    bits: list[int] = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5  # the vertical timing pattern is skipped as a whole column
        upward = ((right + 1) & 2) == 0
        for vert in range(size):
            r = size - 1 - vert if upward else vert
            for c in (right, right - 1):
                if not function[r][c]:
                    bits.append(int(m[r][c] != MASKS[mask](r, c)))
        right -= 2
    return [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]


def _data_codewords(raw: list[int], version: int, level: str) -> list[int]:
    blocks = BLOCKS[level][version - 1]
    ecc = ECC_PER_BLOCK[level][version - 1]
    total = len(raw)
    short_len = total // blocks  # codewords in a short block, error correction included
    longs = total % blocks
    data_lens = [short_len - ecc + (1 if i >= blocks - longs else 0) for i in range(blocks)]
    out: list[list[int]] = [[] for _ in range(blocks)]
    i = 0
    for k in range(max(data_lens)):
        for b in range(blocks):
            if k < data_lens[b]:
                out[b].append(raw[i])
                i += 1
    return [c for block in out for c in block]


def _segments(data: list[int], version: int) -> str:
    bits = "".join(f"{b:08b}" for b in data)
    pos = 0

    def take(n: int) -> int:
        nonlocal pos
        value = int(bits[pos : pos + n] or "0", 2)
        pos += n
        return value

    text = ""
    while pos + 4 <= len(bits):
        mode = take(4)
        if mode == 0:  # terminator
            break
        if mode == 1:  # numeric
            count = take(10)
            while count >= 3:
                text += f"{take(10):03d}"
                count -= 3
            if count == 2:
                text += f"{take(7):02d}"
            elif count == 1:
                text += str(take(4))
        elif mode == 2:  # alphanumeric
            count = take(9)
            while count >= 2:
                pair = take(11)
                text += ALPHANUMERIC[pair // 45] + ALPHANUMERIC[pair % 45]
                count -= 2
            if count:
                text += ALPHANUMERIC[take(6)]
        elif mode == 4:  # bytes
            count = take(8)
            text += bytes(take(8) for _ in range(count)).decode("utf-8")
        elif mode == 7:  # ECI designator: one byte is enough for UTF-8 (26)
            take(8)
        else:
            raise ValueError(f"unsupported mode {mode}")
    return text


def decode(m: Matrix) -> str:
    size = len(m)
    version = (size - 17) // 4
    if size != 17 + 4 * version or not 1 <= version <= 9:
        raise ValueError(f"unsupported size {size}")
    level, mask = _read_format(m)
    raw = _codewords(m, version, mask)
    return _segments(_data_codewords(raw, version, level), version)
