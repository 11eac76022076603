"""Hypothesis profiles, chosen by ``HYPOTHESIS_PROFILE`` (or pytest's ``--hypothesis-profile``).

- ``ci`` (the default, used by ``make test``): a fixed seed and no example database, so the same
  commit always gives the same result.
- ``fuzz`` (``make fuzz``): random seeds, many more examples, and an example database under
  ``var/hypothesis`` so a failure found once is replayed first on every later fuzz run.
"""

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

FUZZ_DATABASE = Path(__file__).resolve().parent.parent / "var" / "hypothesis"

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=25,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=DirectoryBasedExampleDatabase(FUZZ_DATABASE),
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fuzzing() -> bool:
    return os.environ.get("HYPOTHESIS_PROFILE", "ci") == "fuzz"


settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
