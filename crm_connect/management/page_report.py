"""What a page served by Django tells the browser about crm_connect: its framing and CSP
headers, and which of the app's tags and scripts it rendered. Used by ``crm_connect_debug``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.http import HttpResponseBase

from crm_connect.csp import FRAME_SRC_FALLBACK, HEADER, HEADER_REPORT_ONLY, directives_of
from crm_connect.framing import COOP_HEADER, COOP_KEEPS_OPENER, XFO_HEADER
from crm_connect.origins import origin_of

STATIC_PART = "crm_connect/"

#: Marker attributes of the app's tags, and what to call each in the report.
MARKERS = {
    "data-crm-connect-connector": "crm_connect_connector (connector iframe)",
    "data-crm-connect-dial": "crm_connect_tel (click-to-dial link)",
    "data-crm-connect-skylight": "crm_connect_skylight (Skylight launcher)",
    "data-skylight-dial": "crm_connect_skylight_dial (Skylight dial link)",
}
UCP_CONTROLS = {
    "close-tab": "crm_connect_ucp_close_tab (Close tab button)",
    "make-call": "crm_connect_ucp_call or crm_connect_tel ucp=True (Call control)",
}
CONFIG_BLOCKS = {
    "crm-connect-connector-config": "connector configuration",
    "crm-connect-ucp-config": "crm_connect_ucp (UCP configuration)",
    "crm-connect-skylight-config": "Skylight configuration",
}


def nonce_of(sources: list[str]) -> str | None:
    for source in sources:
        if source.startswith("'nonce-") and source.endswith("'"):
            return source[len("'nonce-") : -1]
    return None


@dataclass
class Script:
    src: str
    nonce: str | None


class PageContents(HTMLParser):
    """The app's scripts, tags and configuration blocks found in a page's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[Script] = []
        self.tags: list[str] = []
        self.frames: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            src = values.get("src") or ""
            if STATIC_PART in src:
                self.scripts.append(Script(src, values.get("nonce")))
            block = CONFIG_BLOCKS.get(values.get("id") or "")
            if block:
                self._add(block)
        if tag == "iframe" and "data-crm-connect-connector" in values:
            self.frames.append(values.get("src") or "")
        for marker, name in MARKERS.items():
            if marker in values:
                self._add(name)
        control = UCP_CONTROLS.get(values.get("data-crm-connect-ucp") or "")
        if control:
            self._add(control)

    def _add(self, name: str) -> None:
        if name not in self.tags:
            self.tags.append(name)


@dataclass
class PageReport:
    status: int
    headers: dict[str, str]
    contents: PageContents | None
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Status: {self.status}"]
        for header in (HEADER, HEADER_REPORT_ONLY):
            if header not in self.headers:
                if header == HEADER:
                    out.append(f"{header}: (none)")
                continue
            policy = directives_of(self.headers[header])
            out.append(f"{header}:")
            for directive in ("frame-src", "frame-ancestors", "script-src"):
                sources = policy.get(directive)
                shown = " ".join(sources) if sources is not None else "(not set)"
                if directive == "frame-src" and sources is None:
                    fallback = next((d for d in FRAME_SRC_FALLBACK if d in policy), None)
                    shown += f", so {fallback} applies" if fallback else ", so frames are free"
                out.append(f"  {directive}: {shown}")
            nonce = nonce_of(policy.get("script-src", policy.get("default-src", [])))
            out.append(f"  script nonce: {nonce or '(none)'}")
        for header in (XFO_HEADER, COOP_HEADER):
            out.append(f"{header}: {self.headers.get(header, '(none)')}")
        if self.contents is None:
            out.append("Not an HTML page: no tags to look for.")
            return [*out, *self._problem_lines()]
        out.append("crm_connect tags rendered:")
        out.extend(f"  {tag}" for tag in self.contents.tags or ["(none)"])
        out.append("crm_connect scripts:")
        for script in self.contents.scripts:
            out.append(f"  {script.src}" + (f" (nonce {script.nonce})" if script.nonce else ""))
        if not self.contents.scripts:
            out.append("  (none)")
        return [*out, *self._problem_lines()]

    def _problem_lines(self) -> list[str]:
        if not self.problems:
            return ["Problems: none found"]
        return ["Problems:", *(f"  - {problem}" for problem in self.problems)]


def report(response: HttpResponseBase) -> PageReport:
    """Read ``response``'s headers and, when it is HTML, the app's tags in it."""
    headers: dict[str, str] = {}
    for name in (HEADER, HEADER_REPORT_ONLY, XFO_HEADER, COOP_HEADER):
        if name in response:
            headers[name] = response[name]
    contents = None
    if "html" in response.get("Content-Type", ""):
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content  # type: ignore[attr-defined]
        )
        contents = PageContents()
        contents.feed(body.decode(response.charset or settings.DEFAULT_CHARSET, "replace"))
    result = PageReport(response.status_code, headers, contents)
    result.problems = problems(result)
    return result


def problems(page: PageReport) -> list[str]:
    """What in the headers would stop the rendered tags from working in a browser."""
    found: list[str] = []
    if page.contents is None:
        return found
    policy = directives_of(page.headers.get(HEADER, ""))
    script_src = policy.get("script-src", policy.get("default-src"))
    nonce = nonce_of(script_src or [])
    for script in page.contents.scripts:
        if nonce and script.nonce != nonce:
            found.append(f"{script.src} lacks the policy's nonce: the browser will not run it")
    frame_sources = next((policy[d] for d in FRAME_SRC_FALLBACK if d in policy), None)
    for src in page.contents.frames:
        origin = origin_of(src)
        if frame_sources is not None and origin not in frame_sources and "*" not in frame_sources:
            found.append(f"frame-src does not allow {origin}: the connector iframe is blocked")
    coop = page.headers.get(COOP_HEADER, "")
    skylight = any("Skylight" in tag for tag in page.contents.tags)
    if skylight and coop and coop not in COOP_KEEPS_OPENER:
        found.append(
            f"{COOP_HEADER}: {coop} cuts the Skylight popup's window.opener; "
            "it needs same-origin-allow-popups"
        )
    return found
