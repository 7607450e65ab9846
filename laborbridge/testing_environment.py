"""A pytest plugin (pyproject's addopts: `-p laborbridge.testing_environment`), loaded before Django's settings.

The suite runs with DEBUG off, as production does; with DEBUG off the settings refuse to make up secrets
(docs/deploy.md), so the tests say that this is development and var/ may keep them. An environment that sets
the secrets or LOCAL_SECRETS itself is left as it is.
"""

import os

os.environ.setdefault("LOCAL_SECRETS", "1")
