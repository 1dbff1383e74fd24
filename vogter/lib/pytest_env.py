"""A pytest plugin loaded with `-p` before pytest-django reads the settings.

Settings refuse to load without a real SECRET_KEY unless DEBUG is on. Tests run
with DEBUG off, like production, so they bring a throwaway key of their own.
"""

import os
import sys

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x9Qm2Lr7Vb4Nc8Pz1Kd6Hf3Js5Wg0Ty" * 2)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Sentence vectors of the suggested themes stay in memory: the tests' data directory is the
# repository's var/, and the cache has tests of its own.
os.environ.setdefault("VOGTER_THEMES_CACHE", "off")

# Keep the bytecode of what a test run compiles, even where PYTHONDONTWRITEBYTECODE is
# set: without it every worker of every run rewrote the assertions of all test modules
# and compiled the project anew, about 3 CPU seconds a process. The files go to the
# __pycache__ folders that .gitignore already leaves out.
sys.dont_write_bytecode = False
