"""A pytest plugin loaded with `-p` before pytest-django reads the settings.

Settings refuse to load without a real SECRET_KEY unless DEBUG is on. Tests run
with DEBUG off, like production, so they bring a throwaway key of their own.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x9Qm2Lr7Vb4Nc8Pz1Kd6Hf3Js5Wg0Ty" * 2)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
