"""What a cached output is made from, as a hash: the build reuses a guideline's files only while every input of
them is unchanged.

A guideline's own inputs are its metadata, its records and their versions (with history); the code is the
whole generator package, so any change to the code makes everything again, together with the versions of the
libraries that write the files.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model.library import Guideline
from ..model.versions import History

PACKAGE = Path(__file__).resolve().parents[1]
# The libraries whose versions can change what the generator writes.
LIBRARIES = ("pydantic", "markdown", "jinja2", "pyyaml", "nh3", "orjson", "babel")


@lru_cache(maxsize=1)
def code() -> bytes:
    """The hash of the generator's own files and the versions of Python and the libraries it writes with."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        digest.update(f"\0{name}={metadata.version(name)}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\0{path.relative_to(PACKAGE).as_posix()}\0".encode() + path.read_bytes())
    return digest.digest()


def guideline(g: Guideline, history: History) -> bytes:
    """The hash of a guideline's metadata, its records and each record's versions, in order."""
    digest = hashlib.sha256(g.meta.model_dump_json().encode())
    for entry in g.recommendations:
        digest.update(b"\0" + entry.record.model_dump_json().encode())
        digest.update(history.fingerprint(entry.record.id))
    return digest.digest()
