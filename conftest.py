"""Session-wide test settings, for unit tests, nbval kernels and the browser tests alike.

No test may touch a real student's store: every process started by the test session (including
the notebook kernels that nbval runs) gets a throwaway ANNOTATIONS_DB.
"""

import os
import tempfile

_TMP = tempfile.mkdtemp(prefix="news-claims-tests-")
os.environ["ANNOTATIONS_DB"] = os.path.join(_TMP, "session-annotations.sqlite")
os.environ.setdefault("MPLBACKEND", "Agg")
