"""Every message the tool prints, in one catalog with a text per language (nb.py, en.py), and the language
it speaks now.

`msg(key, **values)` gives a message in the current language: the site's (site_config/nettsted.yaml `sprak`),
which the command line sets once with `use()`. A language without its own catalog speaks its fallback's
(nynorsk: bokmål; any other: English). Vocabulary values inside messages (what was found, what is allowed) are
the words editors write in the file's language; `writing(words)` says which while a file is checked, and
`word()` turns a value of the model into that word. tests/test_messages.py proves that every catalog has
every key with the same placeholders and that every key is used.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, Mapping

from . import en, nb

CATALOGS: dict[str, dict[str, str]] = {"nb": nb.MESSAGES, "en": en.MESSAGES}
# The catalog a language without its own speaks.
FALLBACK = {"nn": "nb", "no": "nb"}
DEFAULT = "nb"

_language: ContextVar[str] = ContextVar("anbefalt_language", default=DEFAULT)
# The words of the file being checked: vocabulary name → model value → the word editors write.
_words: ContextVar[Mapping[str, Mapping[str, str]] | None] = ContextVar("anbefalt_words", default=None)


def catalog_language(language: str) -> str:
    """The catalog a language speaks."""
    if language in CATALOGS:
        return language
    return FALLBACK.get(language, FALLBACK.get(language.split("-")[0], "en"))


def use(language: str) -> None:
    """Speak this language from now on (the command line, once it knows the site's language)."""
    _language.set(catalog_language(language))


def current() -> str:
    return _language.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    token = _language.set(catalog_language(language))
    try:
        yield
    finally:
        _language.reset(token)


def msg(key: str, /, **values: object) -> str:
    """The message `key` in the current language, its {placeholders} filled in."""
    return CATALOGS[_language.get()][key].format(**values)


@contextmanager
def writing(words: Mapping[str, Mapping[str, str]] | None) -> Iterator[None]:
    """While a file is checked: the words its editors write for the model's values."""
    token = _words.set(words)
    try:
        yield
    finally:
        _words.reset(token)


def word(vocabulary: str, value: str) -> str:
    """A value of the model as editors of the current file write it ('ikke gradert' → 'not graded')."""
    words = _words.get()
    return words[vocabulary].get(value, value) if words and vocabulary in words else value


def words(vocabulary: str, values: list[str] | tuple[str, ...]) -> list[str]:
    return [word(vocabulary, value) for value in values]
