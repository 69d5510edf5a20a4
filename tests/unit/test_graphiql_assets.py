"""The vendored GraphiQL files are the ones their README names, and the page asks only for files
the package serves."""

from __future__ import annotations

import hashlib
import re
import tomllib
from fnmatch import fnmatch

from api.graphiql.assets import FILES, HERE, PREFIX, VENDOR, assets
from api.graphiql.page import page_html
from scripts.settings import REPOSITORY_ROOT


def test_each_vendored_file_has_the_sha256_its_readme_names() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    named = dict(re.findall(r"^\| (\S+\.(?:js|css)) .*\| ([0-9a-f]{64}) \|$", readme, re.M))
    vendored = {path.name for path, _ in FILES.values() if path.parent == VENDOR}
    assert set(named) == vendored
    for name, sha256 in named.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == sha256, name


def test_each_vendored_file_has_a_licence_beside_it() -> None:
    licences = {path.name for path in VENDOR.glob("LICENSE.*")}
    assert licences == {
        "LICENSE.react",
        "LICENSE.react-dom",
        "LICENSE.graphiql",
        "LICENSE.graphiql-explorer",
    }
    for name in licences:
        assert "MIT License" in (VENDOR / name).read_text(encoding="utf-8")


def test_the_page_asks_only_for_served_files_under_their_digest() -> None:
    html = page_html()
    asked = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert asked[0] == "data:,"  # the icon: none, rather than a request for /favicon.ico
    assert sorted(asked[1:]) == sorted(asset.relative_url for asset in assets().values())
    # Relative to /graphql, so they resolve to /graphiql/… (or under the path a proxy adds).
    assert all(("/" + url).startswith(PREFIX + "/") for url in asked[1:])
    assert "//" not in html.replace("<!doctype html>", "")


def test_the_wheel_carries_every_served_file() -> None:
    pyproject = tomllib.loads((REPOSITORY_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["api.graphiql"]
    shipped = [str(path.relative_to(HERE)) for path, _ in FILES.values()]
    shipped.append("page.html")
    for name in shipped:
        assert any(fnmatch(name, pattern) for pattern in patterns), name
