"""The built documentation site works opened from the file system, and offline.

The README says "open site/index.html": every link of every page must then name a file
that exists (``use_directory_urls: false``; a directory has no index page from file://),
and no page may load a script or stylesheet from another host (highlight.js from a CDN
left the code unhighlighted offline). Search is the documented exception (mkdocs.yml).
"""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]


class Links(HTMLParser):
    """The ``href``/``src`` of a page's links, scripts and stylesheets, and its code."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[str] = []
        self.assets: list[str] = []  # <script src>, <link href>, <img src>
        self.highlighted_tokens = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.anchors.append(str(values["href"]))
        elif tag in ("script", "img") and values.get("src"):
            self.assets.append(str(values["src"]))
        elif tag == "link" and values.get("href"):
            self.assets.append(str(values["href"]))
        elif tag == "span" and values.get("class") in ("k", "kn", "s1", "s2", "nt", "p"):
            self.highlighted_tokens += 1


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``mkdocs build`` with the repository's mkdocs.yml (``strict: true``)."""
    directory = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(directory)],
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return directory


def pages(site: Path) -> dict[Path, Links]:
    """Every page but 404.html, which only a web server shows (its links start at /)."""
    parsed = {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        links = Links()
        links.feed(page.read_text())
        parsed[page] = links
    return parsed


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith("//")


def test_every_link_of_every_page_names_a_file_of_the_site(site: Path) -> None:
    checked = 0
    for page, links in pages(site).items():
        for href in links.anchors:
            if is_external(href) or href.startswith("#"):
                continue
            target = (page.parent / unquote(urlsplit(href).path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)}: {href} -> {target}"
            checked += 1
    # The navigation alone links every page of docs/ from every one of them.
    documented = len(list((ROOT / "docs").glob("*.md")))
    assert checked >= documented * documented


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    for page, links in pages(site).items():
        external = [url for url in links.assets if is_external(url)]
        assert external == [], f"{page.relative_to(site)} loads {external}"
        for url in links.assets:
            target = page.parent / unquote(urlsplit(url).path)
            assert target.is_file(), f"{page.relative_to(site)}: {url} is not in the site"


def test_code_is_highlighted_when_the_site_is_built(site: Path) -> None:
    """Pygments at build time, not highlight.js in the browser."""
    quickstart = pages(site)[site / "quickstart.html"]
    assert quickstart.highlighted_tokens > 10
    assert "css/pygments.css" in quickstart.assets
