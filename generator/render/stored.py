"""The rendered pages, kept compressed until they are written.

A recommendation page is some 14,000 characters, and one dash or mark outside Latin-1 makes Python keep every
character in two bytes; with its version pages, a library of 10,000 recommendations renders more than half a
gigabyte of text before the first page is written. Compressed (zlib's fastest level) the same pages take about
a tenth; each is decompressed only when read, one at a time.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator, Mapping, MutableMapping


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


class Pages(MutableMapping[str, str]):
    """Page path → Markdown text, like a dict; `packed` holds the compressed texts (the renderer's memo keeps
    those, so a page is compressed once)."""

    def __init__(self) -> None:
        self.packed: dict[str, bytes] = {}

    def __getitem__(self, path: str) -> str:
        return unpack(self.packed[path])

    def __setitem__(self, path: str, text: str) -> None:
        self.packed[path] = pack(text)

    def __delitem__(self, path: str) -> None:
        del self.packed[path]

    def __contains__(self, path: object) -> bool:
        return path in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


def opening(pages: Mapping[str, str], path: str, size: int) -> tuple[str, bool]:
    """About the first `size` bytes of a page, decompressing no more, and whether that is all of it: a look at
    its front matter and title should not cost decompressing a page of every recommendation."""
    if not isinstance(pages, Pages):
        text = pages[path]
        return text[:size], len(text) <= size
    reader = zlib.decompressobj()
    head = reader.decompress(pages.packed[path], size)
    whole = not reader.unconsumed_tail and (reader.eof or not reader.flush())
    # A cut may fall inside a character: that byte sequence is dropped, and the caller keeps whole lines only.
    return head.decode("utf-8", errors="ignore"), whole


def stored_form(pages: Mapping[str, str]) -> Mapping[str, bytes | str]:
    """Each page as it is kept: compressed for Pages, the text for a plain dict. Two renderings of a page are
    equal exactly when their stored forms are (zlib is deterministic), so changes are found without
    decompressing."""
    return pages.packed if isinstance(pages, Pages) else pages


def digests(pages: Mapping[str, str]) -> dict[str, str]:
    """Each page's stored form, hashed: what finds the pages that changed since an earlier build or save."""
    return {path: hashlib.sha256(value if isinstance(value, bytes) else value.encode()).hexdigest()[:20]
            for path, value in stored_form(pages).items()}
