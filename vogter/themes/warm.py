"""The background process that embeds answers ahead of the suggestion (embed.warm_later).

    python -m vogter.themes.warm

Started by a server process when answers first go up to a board; reads JSON lines of texts
on its input, stores their vectors in the disk cache the line names, and answers "stored" to
each. It runs at nice 19, on one thread, and ends when its input closes (when the server does).
"""

import os
import sys
from contextlib import suppress

from vogter.themes import embed


def main() -> int:
    with suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, 0, 19)
    embed.warm(sys.stdin, sys.stdout)
    # Whatever is left unwritten has no reader: not a broken pipe at exit.
    with suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
