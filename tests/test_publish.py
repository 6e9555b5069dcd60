"""`skies publish` against a fake Hugging Face Hub served on localhost (pytest-httpserver):
the dry run, one commit holding every file then its tag, failures that leave no commit and
no tag, and every refusal made before anything is uploaded.

The fake answers the HTTP endpoints huggingface_hub calls for create_repo, list_repo_refs,
create_commit (README metadata validation, preupload, the LFS batch API with the basic
transfer and its verify step, the ndjson commit) and create_tag, plus the registry of AI
agents it fetches once a process for its user agent. It keeps what a Hub would: each
repository's commits (the file tree of each, path -> SHA-256), its tags, and the LFS objects
stored. Tests read that state and the request bodies it received."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import huggingface_hub
import huggingface_hub.utils._http
import pytest
from conftest import REPO, Repo, build, copy_sources, skies
from pytest_httpserver import HTTPServer
from typer.testing import Result
from werkzeug import Request, Response

from sovereign_skies.scripts.publish.card_metadata import version

REPO_ID = "sovereign-test/skies"
TOKEN = "hf_fake_token_for_tests"
VERSION = version()
INITIAL = "0" * 40
LFS_SUFFIXES = (".parquet", ".png")  # what the fake stores in LFS (a Hub: .gitattributes)
INTERNAL_ERROR = {"error": "Internal Error - We're working hard to fix this as soon as possible!"}
REPO_PATH = r"(?P<repo>[\w.-]+/[\w.-]+)"
ROUTES = (  # (name, method, path)
    ("agent-harnesses", "GET", r"/api/agent-harnesses"),
    ("create", "POST", r"/api/repos/create"),
    ("refs", "GET", rf"/api/datasets/{REPO_PATH}/refs"),
    ("validate-yaml", "POST", r"/api/validate-yaml"),
    ("preupload", "POST", rf"/api/datasets/{REPO_PATH}/preupload/(?P<revision>[^/]+)"),
    ("lfs-batch", "POST", rf"/datasets/{REPO_PATH}\.git/info/lfs/objects/batch"),
    ("lfs-upload", "PUT", r"/lfs-storage/(?P<oid>[0-9a-f]{64})"),
    ("lfs-verify", "POST", rf"/datasets/{REPO_PATH}\.git/info/lfs/objects/verify"),
    ("commit", "POST", rf"/api/datasets/{REPO_PATH}/commit/(?P<revision>[^/]+)"),
    ("tag", "POST", rf"/api/datasets/{REPO_PATH}/tag/(?P<revision>[^/]+)"),
)


@dataclass
class Commit:
    oid: str
    message: str
    files: dict[str, str]  # the whole tree: path -> SHA-256 of the content


@dataclass
class FakeRepo:
    commits: list[Commit]  # oldest first: the Hub starts a repository with one commit
    tags: dict[str, str] = field(default_factory=dict)  # name -> commit id

    @property
    def head(self) -> Commit:
        return self.commits[-1]

    def resolve(self, revision: str) -> Commit | None:
        if revision == "main":
            return self.head
        return next((c for c in self.commits if c.oid == revision), None)


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


class FakeHub:
    """The Hub's state and its HTTP answers; `fail` names routes that answer 500."""

    def __init__(self, server: HTTPServer) -> None:
        self.base = server.url_for("/").rstrip("/")
        self.repos: dict[str, FakeRepo] = {}
        self.lfs: dict[str, bytes] = {}
        self.fail: set[str] = set()
        self.ignored: set[str] = set()  # paths a .gitignore on the Hub would leave out
        self.requests: list[tuple[str, Request]] = []
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    def add_repo(self, repo_id: str) -> FakeRepo:
        initial = Commit(INITIAL, "initial commit", {".gitattributes": "0" * 64})
        return self.repos.setdefault(repo_id, FakeRepo([initial]))

    def called(self, name: str) -> list[Request]:
        return [request for route, request in self.requests if route == name]

    @property
    def routes(self) -> list[str]:
        """The calls publishing made, in order (not the user agent's registry fetch)."""
        return [route for route, _ in self.requests if route != "agent-harnesses"]

    def handle(self, request: Request) -> Response:
        for name, method, pattern in ROUTES:
            if request.method == method and (match := re.fullmatch(pattern, request.path)):
                self.requests.append((name, request))
                if name in self.fail:
                    return _json(INTERNAL_ERROR, 500)
                return getattr(self, "_" + name.replace("-", "_"))(request, **match.groupdict())
        self.requests.append(("unknown", request))
        return _json({"error": f"the fake Hub has no {request.method} {request.path}"}, 404)

    def _agent_harnesses(self, request: Request) -> Response:
        return _json({"standardEnvVars": [], "harnesses": {}})

    def _create(self, request: Request) -> Response:
        body = request.get_json()
        assert body["type"] == "dataset", body
        repo_id = f"{body['organization']}/{body['name']}"
        url = f"{self.base}/datasets/{repo_id}"
        if repo_id in self.repos:
            return _json({"error": "You already created this dataset repo", "url": url}, 409)
        self.add_repo(repo_id)
        return _json({"url": url, "name": repo_id})

    def _refs(self, request: Request, repo: str) -> Response:
        if repo not in self.repos:
            return _json({"error": "Repository not found"}, 404)
        found = self.repos[repo]
        return _json({
            "branches": [{"name": "main", "ref": "refs/heads/main",
                          "targetCommit": found.head.oid}],
            "tags": [{"name": name, "ref": f"refs/tags/{name}", "targetCommit": oid}
                     for name, oid in found.tags.items()],
            "converts": [], "pullRequests": []})

    def _validate_yaml(self, request: Request) -> Response:
        return _json({"errors": [], "warnings": []})

    def _preupload(self, request: Request, repo: str, revision: str) -> Response:
        files = request.get_json()["files"]
        return _json({"files": [{
            "path": f["path"], "uploadMode": "lfs" if f["path"].endswith(LFS_SUFFIXES)
            else "regular", "shouldIgnore": f["path"] in self.ignored} for f in files]})

    def _lfs_batch(self, request: Request, repo: str) -> Response:
        body = request.get_json()
        assert body["operation"] == "upload" and "basic" in body["transfers"], body
        return _json({"transfer": "basic", "objects": [{
            "oid": o["oid"], "size": o["size"], "authenticated": True,
            "actions": {
                "upload": {"href": f"{self.base}/lfs-storage/{o['oid']}"},
                "verify": {"href": f"{self.base}/datasets/{repo}.git/info/lfs/objects/verify"},
            }} for o in body["objects"]]})

    def _lfs_upload(self, request: Request, oid: str) -> Response:
        data = request.get_data()
        if hashlib.sha256(data).hexdigest() != oid:
            return _json({"error": "content does not match its oid"}, 400)
        self.lfs[oid] = data
        return Response(status=200)

    def _lfs_verify(self, request: Request, repo: str) -> Response:
        body = request.get_json()
        stored = self.lfs.get(body["oid"])
        if stored is None or len(stored) != body["size"]:
            return _json({"error": "object not found"}, 404)
        return _json({})

    def _commit(self, request: Request, repo: str, revision: str) -> Response:
        found = self.repos[repo]
        lines = [json.loads(line) for line in request.get_data().splitlines() if line]
        header = lines[0]["value"]
        if header.get("parentCommit") not in (None, found.head.oid):
            return _json({"error": "main has moved since the parent commit"}, 412)
        tree = dict(found.head.files)
        for line in lines[1:]:
            value = line["value"]
            if line["key"] == "file":
                tree[value["path"]] = hashlib.sha256(
                    base64.b64decode(value["content"])).hexdigest()
            elif line["key"] == "lfsFile":
                if value["oid"] not in self.lfs:
                    return _json({"error": f"LFS object {value['oid']} was not uploaded"}, 422)
                tree[value["path"]] = value["oid"]
            else:
                return _json({"error": f"unexpected operation {line['key']}"}, 400)
        oid = hashlib.sha1(request.get_data()).hexdigest()
        found.commits.append(Commit(oid, header["summary"], tree))
        return _json({"commitUrl": f"{self.base}/datasets/{repo}/commit/{oid}",
                      "commitOid": oid, "pullRequestUrl": None})

    def _tag(self, request: Request, repo: str, revision: str) -> Response:
        found, body = self.repos[repo], request.get_json()
        target = found.resolve(revision)
        if target is None:
            return _json({"error": f"Invalid rev id: {revision}"}, 404)
        if body["tag"] in found.tags:
            return _json({"error": "Tag already exists"}, 409)
        found.tags[body["tag"]] = target.oid
        return _json({})


@pytest.fixture
def hub(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    fake = FakeHub(httpserver)
    # huggingface_hub reads its environment once, at import (conftest imported it offline):
    # the variables are set for any child process, the constants for this one.
    # hf_xet would upload to a Xet storage (huggingface_hub no longer asks the Hub whether
    # it has one): plain LFS is what a fake can take.
    for variable, value, constant, setting in (
            ("HF_ENDPOINT", fake.base, "ENDPOINT", fake.base),
            ("HF_HUB_OFFLINE", "0", "HF_HUB_OFFLINE", False),
            ("HF_HUB_DISABLE_XET", "1", "HF_HUB_DISABLE_XET", True)):
        monkeypatch.setenv(variable, value)
        monkeypatch.setattr(huggingface_hub.constants, constant, setting)
    # Retries of a 500 back off 1 + 2 + 4 + 8 + 8 s; `time` serves nothing else there.
    monkeypatch.setattr(huggingface_hub.utils._http, "time",
                        types.SimpleNamespace(sleep=lambda seconds: None))
    yield fake
    assert [(r.method, r.path) for route, r in fake.requests if route == "unknown"] == []


@pytest.fixture(scope="module")
def publishable(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """The real sources and the changelog (`skies release --check` wants its latest entry
    to be the version), built once. Read only: tests publish a copy (`release`)."""
    repo = copy_sources(tmp_path_factory.mktemp("publishable"))
    shutil.copy(REPO / "cards" / "CHANGELOG.md", repo.root / "cards" / "CHANGELOG.md")
    return build(repo)


@pytest.fixture
def release(publishable: Repo, tmp_path: Path) -> Repo:
    """A writable copy of `publishable`."""
    for name in ("dataset", "cards"):
        shutil.copytree(publishable.root / name, tmp_path / name)
    return Repo(tmp_path)


def expected_files(repo: Repo) -> dict[str, str]:
    """path in the Hub repository -> SHA-256, worked out here from the files on disk."""
    dataset = repo.root / "dataset"
    return {path.relative_to(dataset).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in dataset.rglob("*") if path.is_file()
            and not any(part.startswith(".") or part == "__pycache__"
                        for part in path.relative_to(dataset).parts)}


def publish(repo: Repo, *args: str) -> Result:
    return skies("publish", "--repo-id", REPO_ID, "--token", TOKEN, *args, root=repo.root)


def test_the_dry_run_lists_every_file_and_the_commit_and_sends_nothing(
        release: Repo, hub: FakeHub) -> None:
    dataset = release.root / "dataset"
    (dataset / ".DS_Store").write_bytes(b"finder")
    (dataset / "__pycache__").mkdir()
    (dataset / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"cache")
    (dataset / "data" / "mentions" / ".train-00000-of-00001.parquet.1a2b.tmp").write_bytes(b"")
    expected = expected_files(release)
    result = publish(release, "--dry-run")
    assert result.exit_code == 0, result.output
    listed = {}
    for line in result.stdout.splitlines():
        if match := re.fullmatch(r"  (\S+) +(\d+)  sha256:([0-9a-f]{64})", line):
            listed[match[1]] = (int(match[2]), match[3])
    assert listed == {path: ((dataset / path).stat().st_size, sha)
                      for path, sha in expected.items()}
    assert "data/mentions/test-00000-of-00001.parquet" in listed and "README.md" in listed
    assert list(listed) == sorted(listed)
    assert not [path for path in listed if ".DS_Store" in path or "__pycache__" in path
                or path.endswith(".tmp")]
    assert f"files:      {len(expected)}, {sum(s for s, _ in listed.values())} bytes\n" \
        in result.stdout
    assert f"repository: {REPO_ID} (dataset" in result.stdout
    assert "revision:   main" in result.stdout
    assert f"tag:        {VERSION}\n" in result.stdout
    assert f"message:    Release Sovereign Skies {VERSION}\n" in result.stdout
    assert hub.requests == []


def test_a_publish_is_one_commit_with_every_file_then_its_tag(
        release: Repo, hub: FakeHub) -> None:
    expected = expected_files(release)
    result = publish(release)
    assert result.exit_code == 0, result.output
    # ... and the release is recorded, for the next `skies release --check`
    assert (release.root / "cards" / "releases" / f"{VERSION}.json").is_file()
    lfs = {path for path in expected if path.endswith(LFS_SUFFIXES)}
    routes = hub.routes
    assert routes[:4] == ["create", "refs", "preupload", "lfs-batch"]
    assert sorted(routes[4:-3]) == ["lfs-upload"] * len(lfs) + ["lfs-verify"] * len(lfs)
    assert routes[-3:] == ["validate-yaml", "commit", "tag"]
    (commit_request,) = hub.called("commit")
    lines = [json.loads(line) for line in commit_request.get_data().splitlines()]
    assert lines[0] == {"key": "header", "value": {
        "summary": f"Release Sovereign Skies {VERSION}", "description": "",
        "parentCommit": INITIAL}}
    sent = {}
    for line in lines[1:]:
        value = line["value"]
        sent[value["path"]] = value["oid"] if line["key"] == "lfsFile" else \
            hashlib.sha256(base64.b64decode(value["content"])).hexdigest()
    assert sent == expected
    assert lfs and {line["value"]["path"] for line in lines if line["key"] == "lfsFile"} == lfs
    # Each LFS object was stored with exactly its bytes (the fake refuses any other).
    assert {hashlib.sha256(data).hexdigest() for data in hub.lfs.values()} == {
        expected[path] for path in lfs}
    found = hub.repos[REPO_ID]
    assert len(found.commits) == 2 and found.head.files == {
        ".gitattributes": "0" * 64, **expected}
    assert found.tags == {VERSION: found.head.oid}
    (tag_request,) = hub.called("tag")
    assert tag_request.path.endswith(f"/tag/{found.head.oid}")
    # The token goes to the Hub, not to the storage an LFS upload is sent to.
    assert all(r.headers.get("authorization") == f"Bearer {TOKEN}" for route, r in hub.requests
               if route not in ("lfs-upload", "agent-harnesses"))
    assert all("authorization" not in r.headers for r in hub.called("lfs-upload"))
    assert f"tagged {found.head.oid} as {VERSION}" in result.stdout


@pytest.mark.parametrize("failing", ["commit", "lfs-upload"])
def test_a_failed_upload_leaves_no_commit_and_no_tag(
        release: Repo, hub: FakeHub, failing: str) -> None:
    hub.fail.add(failing)
    result = publish(release)
    assert result.exit_code == 1
    step = (f"committing to {REPO_ID}@main failed" if failing == "commit" else
            "uploading the files failed: Error while uploading 'data/")
    assert step in result.stderr and "500 INTERNAL SERVER ERROR" in result.stderr
    assert INTERNAL_ERROR["error"] in result.stderr
    assert "nothing was committed and no tag was created" in result.stderr
    assert "Traceback" not in result.output
    assert [c.oid for c in hub.repos[REPO_ID].commits] == [INITIAL]
    assert hub.repos[REPO_ID].tags == {} and hub.called("tag") == []
    assert not (release.root / "cards" / "releases").exists()
    if failing == "lfs-upload":
        assert hub.called("commit") == []


def test_a_failed_tag_names_the_commit_left_untagged(release: Repo, hub: FakeHub) -> None:
    hub.fail.add("tag")
    result = publish(release)
    assert result.exit_code == 1
    found = hub.repos[REPO_ID]
    assert len(found.commits) == 2 and found.tags == {}
    assert (f"tagging commit {found.head.oid} as {VERSION} failed" in result.stderr
            and f"commit/{found.head.oid} was made but is not tagged" in result.stderr)


def test_a_version_already_tagged_is_refused_before_any_upload(
        release: Repo, hub: FakeHub) -> None:
    hub.add_repo(REPO_ID).tags[VERSION] = INITIAL
    result = publish(release)
    assert result.exit_code == 1
    assert f"{REPO_ID} already has the tag {VERSION}" in result.stderr
    assert "nothing was uploaded" in result.stderr
    assert hub.routes == ["create", "refs"]
    assert [c.oid for c in hub.repos[REPO_ID].commits] == [INITIAL]


def test_a_file_the_hub_would_ignore_is_refused_before_the_commit(
        release: Repo, hub: FakeHub) -> None:
    hub.ignored.add("baselines.json")
    result = publish(release)
    assert result.exit_code == 1
    assert f"baselines.json: the .gitignore of {REPO_ID} would leave it out" in result.stderr
    assert "nothing was committed and no tag was created" in result.stderr
    assert hub.called("commit") == [] and hub.called("tag") == []
    assert [c.oid for c in hub.repos[REPO_ID].commits] == [INITIAL]


@pytest.mark.parametrize("repo_id", ["skies", "org/name/extra", "org/../name", "org/na me",
                                     "-org/name", "org/name.git", "org--x/name", "org/"])
def test_a_bad_repo_id_is_bad_usage(release: Repo, hub: FakeHub, repo_id: str) -> None:
    result = skies("publish", "--repo-id", repo_id, "--dry-run", root=release.root)
    assert result.exit_code == 2
    assert f"{repo_id!r} is not a Hub repository id" in result.stderr
    assert hub.requests == []


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_link_under_dataset_is_refused_and_never_followed(
        release: Repo, hub: FakeHub, tmp_path_factory: pytest.TempPathFactory,
        kind: str) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("not part of the dataset", encoding="utf-8")
    target = outside / "secret.txt" if kind == "file" else outside
    (release.root / "dataset" / "docs" / "extra").symlink_to(target)
    result = publish(release)
    assert result.exit_code == 1
    assert ("dataset files: dataset/docs/extra is a symbolic link: only regular files are "
            "published, and links are never followed") in result.stderr
    assert "secret" not in result.output
    assert hub.requests == []


def test_a_committed_parquet_file_unlike_a_fresh_build_is_refused(
        release: Repo, hub: FakeHub) -> None:
    data = release.layout.data
    shutil.copy(data / "stances" / "test-00000-of-00001.parquet",
                data / "stances" / "train-00000-of-00001.parquet")
    result = publish(release)
    assert result.exit_code == 1
    assert ("skies build --check: dataset/data/stances/train-00000-of-00001.parquet: differs "
            "from a fresh build") in result.stderr
    assert ("skies validate: dataset/data/stances/train-00000-of-00001.parquet: B101 differs "
            "from a fresh build") in result.stderr
    assert "nothing was uploaded" in result.stderr
    assert hub.requests == []


def test_a_skies_process_publishes_where_hf_endpoint_points(
        release: Repo, hub: FakeHub, tmp_path_factory: pytest.TempPathFactory) -> None:
    # In-process tests set huggingface_hub's constants; a real run reads the environment.
    env = {**os.environ, "HF_ENDPOINT": hub.base, "HF_HUB_OFFLINE": "0",
           "HF_HUB_DISABLE_XET": "1", "HF_HOME": str(tmp_path_factory.mktemp("hf-home"))}
    env.pop("HF_TOKEN", None)
    skies_bin = Path(sys.executable).with_name("skies")
    done = subprocess.run([skies_bin, "publish", "--repo-id", REPO_ID, "--root", release.root],
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    found = hub.repos[REPO_ID]
    assert found.head.files == {".gitattributes": "0" * 64, **expected_files(release)}
    assert found.tags == {VERSION: found.head.oid}
    assert all("authorization" not in r.headers for _, r in hub.requests)
