"""`skies publish` as a Python API: the plan (every file of dataset/ with its size and
SHA-256, the commit and the tag) and its execution on the Hugging Face Hub as one commit.

The Hub applies a commit atomically: uploaded LFS blobs that no commit references are
invisible, so a publish that fails before its commit leaves the repository as it was. The
tag is created only on the commit just made, never on whatever `main` points to by then.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..layout import Layout
from ..read.files import unsafe_kind
from .card_metadata import PRETTY_NAME, version

if TYPE_CHECKING:
    from huggingface_hub import CommitOperationAdd, HfApi

REPO_TYPE = "dataset"
REVISION = "main"
# Never published: caches Python or tools leave, and hidden entries (.cache/ of
# `huggingface_hub`, editor files, the `.*.tmp` files of interrupted atomic writes).
CACHE_DIRS = frozenset({"__pycache__"})
# The Hub's own rule is looser (a leading `_`, a one-part id); a publish wants ORG/NAME.
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
REPO_ID = re.compile(rf"{_PART}/{_PART}")
MAX_REPO_ID = 96

T = TypeVar("T")


class BadRepoId(ValueError):
    """A repository id that is not ORG/NAME in the characters the Hub allows."""


class PublishRefused(Exception):
    """Publishing stopped before its commit: every reason is listed, and `state` says what
    the Hub holds of it (nothing, or LFS blobs no commit refers to)."""

    def __init__(self, problems: list[str], state: str = "nothing was uploaded") -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.state = state


class PublishFailed(Exception):
    """A call to the Hub failed; the message says which, and what the repository holds now."""


@dataclass(frozen=True)
class PlannedFile:
    path: str  # in the Hub repository: relative to dataset/, with `/`
    local: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class Plan:
    repo_id: str
    revision: str
    message: str
    tag: str
    files: tuple[PlannedFile, ...]

    @property
    def total_size(self) -> int:
        return sum(file.size for file in self.files)


@dataclass(frozen=True)
class Published:
    commit: str  # the commit id the tag points to
    commit_url: str
    tag: str


def check_repo_id(repo_id: str) -> None:
    if (not REPO_ID.fullmatch(repo_id) or len(repo_id) > MAX_REPO_ID or "--" in repo_id
            or ".." in repo_id or repo_id.endswith(".git")):
        raise BadRepoId(
            f"{repo_id!r} is not a Hub repository id: give ORG/NAME, each part letters, digits, "
            f"'-', '_' or '.', starting and ending with a letter or digit, without '--' or "
            f"'..', at most {MAX_REPO_ID} characters in all")


def _skipped(name: str) -> bool:
    return name.startswith(".") or name in CACHE_DIRS


def _walk(folder: Path, layout: Layout, problems: list[str]) -> Iterator[Path]:
    """Regular files under `folder`; a link or special file is a problem, never followed."""
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if _skipped(entry.name):
            continue
        path = Path(entry.path)
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISDIR(mode):
            yield from _walk(path, layout, problems)
        elif stat.S_ISREG(mode):
            yield path
        else:
            problems.append(f"{layout.rel(path)} is {unsafe_kind(mode)}: only regular files "
                            "are published, and links are never followed")


def unsafe_entries(layout: Layout) -> list[str]:
    """Every link or special file under dataset/ that publishing would meet."""
    problems: list[str] = []
    _ = list(_walk(layout.dataset, layout, problems))
    return problems


def _read(path: Path) -> bytes:
    # O_NOFOLLOW: a file swapped for a link after the walk is refused, not followed.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as file:
        return file.read()


def publish_plan(layout: Layout, repo_id: str) -> Plan:
    """What `publish` uploads: every regular file of dataset/ (sorted by its path in the
    repository), one commit on main named for the version, and the version as its tag.
    Raises BadRepoId, or PublishRefused listing every link or special file under dataset/."""
    check_repo_id(repo_id)
    problems: list[str] = []
    paths = list(_walk(layout.dataset, layout, problems))
    if problems:
        raise PublishRefused(problems)
    if not paths:
        raise PublishRefused([f"{layout.rel(layout.dataset)}/ holds no file to publish"])
    files = []
    for path in paths:
        data = _read(path)
        files.append(PlannedFile(path.relative_to(layout.dataset).as_posix(), path, len(data),
                                 hashlib.sha256(data).hexdigest()))
    release = version()
    return Plan(repo_id, REVISION, f"Release {PRETTY_NAME} {release}", release,
                tuple(sorted(files, key=lambda file: file.path)))


def _reasons(exc: BaseException) -> str:
    """The first line of the exception and of each cause (huggingface_hub wraps the HTTP
    error of an LFS upload in one naming the file, and that in the HTTP client's, whose text
    it repeats), with what the server said."""
    lines: list[str] = []
    current: BaseException | None = exc
    while current is not None:
        text = str(current).strip()
        line = text.splitlines()[0].rstrip(".") if text else ""
        if server := getattr(current, "server_message", None):
            line += f" ({server.strip().splitlines()[0]})"
        if line and not any(earlier.startswith(line) for earlier in lines):
            lines.append(line)
        current = current.__cause__
    return ": ".join(lines) or type(exc).__name__


def _step(doing: str, call: Callable[[], T], state: str) -> T:
    """Run one call to the Hub; a failure of any kind names the step and the state left."""
    try:
        return call()
    except Exception as exc:
        raise PublishFailed(f"{doing} failed: {_reasons(exc)}; {state}") from exc


def _additions(plan: Plan) -> list[CommitOperationAdd]:
    """The files as planned. Their bytes are read once more and handed over: what is
    uploaded is then exactly what was hashed, even if a file changes in the meantime."""
    from huggingface_hub import CommitOperationAdd

    additions, changed = [], []
    for file in plan.files:
        try:
            data = _read(file.local)
        except OSError as exc:
            changed.append(f"{file.path}: cannot be read any more ({exc.strerror})")
            continue
        if hashlib.sha256(data).hexdigest() != file.sha256:
            changed.append(f"{file.path}: changed since it was checked")
        additions.append(CommitOperationAdd(path_in_repo=file.path, path_or_fileobj=data))
    if changed:
        raise PublishRefused(changed)
    return additions


def publish(plan: Plan, api: HfApi) -> Published:
    """Create the dataset repository if needed, refuse if the tag exists, upload every file
    in one commit on main, then tag that commit. Raises PublishRefused before anything is
    uploaded, or PublishFailed naming the step that failed."""
    untouched = "nothing was committed and no tag was created"
    repo = dict(repo_id=plan.repo_id, repo_type=REPO_TYPE)
    _step(f"creating or finding {plan.repo_id}", lambda: api.create_repo(
        **repo, exist_ok=True), untouched)
    refs = _step(f"listing the tags of {plan.repo_id}", lambda: api.list_repo_refs(**repo),
                 untouched)
    if any(tag.name == plan.tag for tag in refs.tags):
        raise PublishRefused([f"{plan.repo_id} already has the tag {plan.tag}: a published "
                              "version is never replaced; raise the version in pyproject.toml"])
    # The commit is refused if main moves between this listing and the commit.
    head = next((b.target_commit for b in refs.branches if b.name == plan.revision), None)
    additions = _additions(plan)
    _step("uploading the files", lambda: api.preupload_lfs_files(
        **repo, additions=additions, revision=plan.revision, free_memory=False), untouched)
    # A .gitignore in the Hub repository makes create_commit leave matching files out
    # without an error (the flag is internal to huggingface_hub, hence getattr).
    if ignored := [a.path_in_repo for a in additions if getattr(a, "_should_ignore", False)]:
        raise PublishRefused([f"{path}: the .gitignore of {plan.repo_id} would leave it out "
                              "of the commit" for path in ignored], untouched)
    commit = _step(f"committing to {plan.repo_id}@{plan.revision}", lambda: api.create_commit(
        **repo, operations=additions, commit_message=plan.message, revision=plan.revision,
        parent_commit=head), untouched)
    _step(f"tagging commit {commit.oid} as {plan.tag}", lambda: api.create_tag(
        **repo, tag=plan.tag, tag_message=plan.message, revision=commit.oid),
        f"the commit {commit.commit_url} was made but is not tagged: tag it {plan.tag} on the "
        "Hub")
    return Published(commit.oid, commit.commit_url, plan.tag)
