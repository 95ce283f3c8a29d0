"""Everything Anbefalt reads from git, in one place: the content's history, blobs, archives and `describe`.

Only this module runs git (tests/test_architecture.py checks it). Reading only: nothing here writes to a
repository. Every call runs `git -C <folder> …` as a subprocess; a folder that is not in a repository, a git
that is missing and a shallow clone are answered, not raised, so a build can go on without history.
"""

from __future__ import annotations

import hashlib
import posixpath
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model.messages import msg

_ZERO = "0" * 40


class GitError(Exception):
    """git refused a request (an unknown revision, a damaged repository); carries git's own words."""


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(folder), *args], input=stdin,
                              capture_output=True)
    except OSError as error:  # no git on this machine
        return subprocess.CompletedProcess(args, 127, b"", str(error).encode())


def _text(folder: Path, *args: str) -> str | None:
    result = _git(folder, *args)
    return result.stdout.decode("utf-8", errors="replace").strip() if result.returncode == 0 else None


@dataclass(frozen=True)
class Repository:
    """A git work tree, and where a project folder sits in it (posix, '' for the top)."""

    top: Path
    prefix: str

    def path(self, folder: Path) -> str:
        """A folder of the project as a path inside the repository."""
        relative = folder.resolve().relative_to(self.top).as_posix()
        return "" if relative == "." else relative


def repository(folder: Path) -> Repository | None:
    """The repository the folder is in, or None (not in one, or no git)."""
    top = _text(folder, "rev-parse", "--show-toplevel")
    if not top:
        return None
    top_path = Path(top).resolve()
    relative = folder.resolve().relative_to(top_path).as_posix()
    return Repository(top_path, "" if relative == "." else relative)


def is_shallow(repo: Repository) -> bool:
    return _text(repo.top, "rev-parse", "--is-shallow-repository") == "true"


def head(repo: Repository) -> str | None:
    """HEAD's commit, or None in a repository without commits."""
    return _text(repo.top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")


def resolve(repo: Repository, revision: str) -> str | None:
    """The full hash of a commit a revision names, or None when the repository has no such commit."""
    return _text(repo.top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")


def ancestors(repo: Repository, commit: str) -> set[str]:
    """Every commit reachable from commit, itself included."""
    found = _text(repo.top, "rev-list", commit)
    return set(found.split()) if found else set()


def is_ancestor(repo: Repository, commit: str, of: str) -> bool:
    return _git(repo.top, "merge-base", "--is-ancestor", commit, of).returncode == 0


@dataclass(frozen=True)
class Change:
    """One file a commit changed: its path in the repository and its blob after the commit (None: deleted)."""

    path: str
    blob: str | None


@dataclass(frozen=True)
class Commit:
    sha: str
    date: date  # the committer's date: when the change became part of this history
    changes: tuple[Change, ...] = field(default=(), compare=False)


def first_parent_log(repo: Repository, folder: str) -> list[Commit]:
    """The commits that changed files under folder, oldest first, along HEAD's first parents.

    Following first parents only, a merged pull request is one step (its merge commit, compared with the
    branch it was merged into), as readers saw the site change. Each commit lists the files it changed with
    their new blob, so any state of any file can be read back by blob (git cat-file)."""
    result = _git(repo.top, "log", "--first-parent", "--diff-merges=first-parent", "--root", "--reverse", "--raw",
                  "--no-renames", "--no-abbrev", "--format=%x01%H %cs", "HEAD", "--", folder or ".")
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", errors="replace").strip())
    commits: list[Commit] = []
    for chunk in result.stdout.decode("utf-8", errors="surrogateescape").split("\x01")[1:]:
        lines = chunk.splitlines()
        sha, day = lines[0].split()
        changes = []
        for line in lines[1:]:
            if not line.startswith(":"):
                continue
            meta, path = line.split("\t", 1)
            blob = meta.split()[3]
            changes.append(Change(_unquote(path), None if blob == _ZERO else blob))
        commits.append(Commit(sha, date.fromisoformat(day), tuple(changes)))
    return commits


def _unquote(path: str) -> str:
    """git quotes paths with unusual characters ("a\\303\\245.yaml"); undo that."""
    if not (path.startswith('"') and path.endswith('"')):
        return path
    raw = path[1:-1].encode("latin-1", errors="surrogateescape").decode("unicode_escape").encode("latin-1")
    return raw.decode("utf-8", errors="replace")


def blob_id(raw: bytes, like: str) -> str:
    """The id git gives these bytes as a blob, in the hash (SHA-1 or SHA-256) of `like`, an id of the same repository."""
    digest = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(raw) + raw).hexdigest()


def read_blobs(repo: Repository, blobs: list[str]) -> dict[str, bytes]:
    """The contents of many blobs through one `git cat-file --batch`."""
    if not blobs:
        return {}
    result = _git(repo.top, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", errors="replace").strip())
    out, found, position = result.stdout, {}, 0
    for blob in blobs:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) < 3:  # '<sha> missing'
            raise GitError(msg("git.missing_blob", blob=blob))
        size = int(header[2])
        found[blob] = out[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return found


def archive(repo: Repository, revision: str, paths: list[str]) -> bytes:
    """A tar archive of paths (inside the repository) at a revision."""
    result = _git(repo.top, "archive", "--format=tar", revision, "--", *paths)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", errors="replace").strip())
    return result.stdout


def describe(folder: Path) -> str | None:
    """`git describe` of the work tree ('-endret' when it has uncommitted changes), or None outside git."""
    return _text(folder, "describe", "--always", "--dirty=-endret", "--abbrev=10")


def origin_url(folder: Path) -> str:
    """The address of the work tree's 'origin' remote, or '' (none, not in git, or no git)."""
    return _text(folder, "remote", "get-url", "origin") or ""


def joined(*parts: str) -> str:
    """A path inside the repository from its parts, without empty ones."""
    return posixpath.join(*[p for p in parts if p]) if any(parts) else ""
