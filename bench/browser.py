"""Benchmarks in headless Chromium: the connector handshake, channel throughput, Skylight.

One gunicorn serves two origins, as in ``make demo``: the CRM on one port and the
sandbox (the vendor's side) on another. Times are taken inside the browser with
``performance.now()``; every variant is loaded in turn, so that noise hits all alike.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.report import Row, judged, median, ms, not_present, percentile

# The launch arguments of tests/conftest.py.
ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-features=LocalNetworkAccessChecks",
]

# What the sandbox connector frame logs to the console once it has its first crmData.
HANDSHAKE_DONE = "crm-connect-bench: crmData"

# In the sandbox connector frame: stamp each entry of sandbox.log with performance.now()
# (its own `at` is Date.now(), whole milliseconds), and say on the console when the first
# crmData is in. The harness waits for that console line before it touches the frame:
# evaluating in a frame makes Playwright inject its own script there, 6-9 ms of main-thread
# work that used to land inside the measured ready -> crmData window on some loads.
STAMP_SANDBOX_LOG = """(() => {
  if (!location.pathname.startsWith('/sandbox/connector')) return;
  let box;
  Object.defineProperty(window, 'sandbox', {
    configurable: true,
    get() { return box; },
    set(value) {
      if (value && Array.isArray(value.log)) {
        const push = value.log.push;
        let done = false;
        value.log.push = function (entry) {
          entry.t = performance.now();
          const result = push.call(this, entry);
          const message = entry.message || {};
          if (!done && entry.direction === 'in' && message.action === 'crmData') {
            done = true;
            console.debug('__DONE__');
          }
          return result;
        };
      }
      box = value;
    },
  });
})();""".replace("__DONE__", HANDSHAKE_DONE)

HANDSHAKE_MS = """() => {
  const log = sandbox.log;
  const ready = log.find((e) => e.direction === 'out' && e.message.action === 'ready');
  const data = log.find((e) => e.direction === 'in' && e.message.action === 'crmData');
  return (data.t ?? data.at) - (ready.t ?? ready.at);
}"""

VARIANTS = {
    "floor": "/bench/floor/",
    "inline": "/",
    "endpoint": "/bench/endpoint-variant/",
}
LOADS = 60
WARMUP_LOADS = 3


def launch(playwright: Playwright) -> Browser:
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    extra: dict[str, Any] = {"executable_path": executable} if executable else {}
    return playwright.chromium.launch(args=ARGS, **extra)


def new_context(browser: Browser, crm: str, session: str) -> BrowserContext:
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session, "url": crm}])
    context.add_init_script(STAMP_SANDBOX_LOG)
    context.set_default_timeout(15_000)
    return context


def load_and_handshake(page: Page, url: str) -> float:
    """Navigate to ``url``; milliseconds from the connector's first ready to its crmData.

    Nothing reaches into the page or its frames until the frame has said (on the console)
    that crmData is in, so that the harness adds no work to the window it measures."""
    with page.expect_console_message(lambda message: message.text == HANDSHAKE_DONE):
        page.goto(url, wait_until="commit")
    page.wait_for_load_state("load")
    frame = page.frame(url=lambda frame_url: "/sandbox/connector/" in frame_url)
    if frame is None:
        raise RuntimeError(f"{url}: no sandbox connector frame")
    frame.wait_for_function("() => window.sandbox && sandbox.crmDataCount >= 1")
    return float(frame.evaluate(HANDSHAKE_MS))


def handshake_rows(page: Page, crm: str) -> list[Row]:
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    names = list(VARIANTS)
    for name in names:
        for _ in range(WARMUP_LOADS):
            load_and_handshake(page, crm + VARIANTS[name])
    for index in range(LOADS):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(load_and_handshake(page, crm + VARIANTS[name]))

    def p(name: str, fraction: float) -> float:
        return percentile(times[name], fraction)

    floor50, inline50, endpoint50 = p("floor", 0.5), p("inline", 0.5), p("endpoint", 0.5)
    ratio = inline50 / floor50 if floor50 else float("inf")
    endpoint_ratio = endpoint50 / floor50 if floor50 else float("inf")
    baseline = f"floor: p50 {ms(floor50)}, p95 {ms(p('floor', 0.95))}"
    return [
        Row(
            f"connector handshake, inline `crmData`: first ready → crmData ({LOADS} loads)",
            baseline,
            f"p50 {ms(inline50)} = {ratio:.2f}× floor, p95 {ms(p('inline', 0.95))}",
            "p50 ≤ 1.5× floor",
            judged(ratio <= 1.5),
        ),
        Row(
            f"connector handshake, `crmData` from the endpoint ({LOADS} loads)",
            baseline,
            f"p50 {ms(endpoint50)} = {endpoint_ratio:.2f}× floor, p95 {ms(p('endpoint', 0.95))}",
            "reported (the inline path is the default)",
            "info",
        ),
    ]


COUNTERS = """() => {
  const bench = (window.__bench = {
    raw: { n: 0, first: 0, last: 0 },
    channel: { n: 0, first: 0, last: 0 },
  });
  const count = (which) => {
    which.last = performance.now();
    if (which.n++ === 0) which.first = which.last;
  };
  // Raw baseline: a listener ahead of the channel's that takes the bench's raw messages
  // (and keeps them from the channel), so both runs use the same two windows.
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (data && data.benchRaw) {
      count(bench.raw);
      event.stopImmediatePropagation();
    }
  }, true);
  crmConnect.connector.on('benchPing', () => count(bench.channel));
}"""

SEND = """([kind, count]) => {
  const origin = sandbox.crmOrigin;
  for (let i = 0; i < count; i++) {
    const message = kind === 'raw'
      ? { benchRaw: true, seq: i, data: { seq: i, text: 'hello' } }
      : { type: 'CRMConnectMessage', action: 'benchPing', data: { seq: i, text: 'hello' } };
    window.parent.postMessage(message, origin);
  }
}"""

MESSAGES = 2000
ROUNDS = 6


def channel_row(page: Page, crm: str) -> Row:
    load_and_handshake(page, crm + VARIANTS["inline"])
    frame = page.frame(url=lambda frame_url: "/sandbox/connector/" in frame_url)
    assert frame is not None
    page.evaluate(COUNTERS)
    rates: dict[str, list[float]] = {"raw": [], "channel": []}
    dropped = {"raw": 0, "channel": 0}
    for index in range(ROUNDS):
        for kind in ("raw", "channel") if index % 2 == 0 else ("channel", "raw"):
            page.evaluate(f"() => {{ __bench.{kind}.n = 0; }}")
            frame.evaluate(SEND, [kind, MESSAGES])
            with contextlib.suppress(PlaywrightTimeout):  # counted as dropped below
                page.wait_for_function(f"() => __bench.{kind}.n >= {MESSAGES}", timeout=15_000)
            received, first, last = page.evaluate(
                f"[__bench.{kind}.n, __bench.{kind}.first, __bench.{kind}.last]"
            )
            dropped[kind] += MESSAGES - received
            if received > 1:  # the receiving side's rate: what the channel adds to
                rates[kind].append((received - 1) / max(last - first, 0.001) * 1000)
    raw, channel = median(rates["raw"]), median(rates["channel"])
    ratio = channel / raw
    return Row(
        "messages per second through the channel after the handshake",
        f"raw postMessage, same windows: {raw:,.0f}/s, {dropped['raw']} dropped",
        f"{ratio:.2f}× ({channel:,.0f}/s), {dropped['channel']} dropped",
        "≥ 0.5× raw, zero drops",
        judged(ratio >= 0.5 and dropped["channel"] == 0),
    )


SKYLIGHT_PRESENT = """() => !!(window.crmConnect && crmConnect.skylight
  && typeof crmConnect.skylight.open === 'function')"""

# In the opener: time skylight/loaded's arrival (a capture listener, ahead of the
# module's) and the moment the module, having handled target-origin-defined, is ready
# (a listener added after the module's runs after it in the same dispatch). With
# ``ping``, the capture listener also sends the popup a raw ping at that same moment
# (before the module's controllerInit) and times the pong: the raw round trip while the
# popup is still loading, which is what the handshake's round trip competes with.
SKYLIGHT_TIMERS = """(ping) => {
  const sky = crmConnect.skylight;
  const status = () => {
    const state = typeof sky.state === 'function' ? sky.state() : sky.state;
    return typeof state === 'string' ? state : state && (state.status || state.state);
  };
  const timing = (window.__sky = { loaded: 0, ready: 0, pong: 0 });
  window.addEventListener('message', (event) => {
    if (event.data && event.data.topic === 'skylight/loaded' && !timing.loaded) {
      timing.loaded = performance.now();
      if (ping) event.source.postMessage({ benchPing: 1 }, event.origin);
    }
    if (event.data && event.data.benchPong !== undefined) {
      event.stopImmediatePropagation();
      timing.pong = performance.now();
    }
  }, true);
  window.addEventListener('message', (event) => {
    if (!event.data || event.data.topic !== 'skylight/target-origin-defined') return;
    const check = () => {
      if (status() === 'ready') { timing.ready = performance.now(); } else { setTimeout(check, 0); }
    };
    check();
  });
  // Raw round trip baseline: echo the popup's pings, out of the module's sight.
  window.addEventListener('message', (event) => {
    if (event.data && event.data.benchEcho !== undefined) {
      event.stopImmediatePropagation();
      event.source.postMessage(event.data, event.origin);
    }
  }, true);
}"""

# In every page of the context, before its own scripts (so in the popup from its first
# moment): answer the opener's raw ping, out of the page's sight.
POPUP_PONG = """if (window.opener) {
  window.addEventListener('message', (event) => {
    if (event.source === window.opener && event.data && event.data.benchPing !== undefined) {
      event.stopImmediatePropagation();
      event.source.postMessage({ benchPong: event.data.benchPing }, event.origin);
    }
  }, true);
}"""

POPUP_ROUND_TRIPS = """(count) => new Promise((resolve) => {
  const times = [];
  let started = 0;
  const ping = () => {
    started = performance.now();
    window.opener.postMessage({ benchEcho: times.length }, '*');
  };
  window.addEventListener('message', (event) => {
    if (!event.data || event.data.benchEcho === undefined) return;
    event.stopImmediatePropagation();
    times.push(performance.now() - started);
    if (times.length < count) { ping(); } else { resolve(times); }
  }, true);
  ping();
})"""

SKYLIGHT_OPENS = 40  # alternating: the handshake alone, then the raw ping alone


def skylight_row(page: Page, crm: str, skylight_url: str) -> Row:
    what = "Skylight handshake: `skylight/loaded` → ready"
    baseline = "raw postMessage round trip, same windows, at the same moment"
    goal = "≤ 2× the raw round trip"
    if not skylight_url:
        return not_present(what, baseline, goal, "feature not present (no sandbox Skylight)")
    page.goto(crm + VARIANTS["inline"])
    if not page.evaluate(SKYLIGHT_PRESENT):
        return not_present(what, baseline, goal, "feature not present (no crmConnect.skylight)")
    page.context.add_init_script(POPUP_PONG)
    handshakes: list[float] = []
    loading_trips: list[float] = []
    idle_trips: list[float] = []
    for index in range(SKYLIGHT_OPENS):
        ping = index % 2 == 1
        page.goto(crm + VARIANTS["inline"])
        page.evaluate(SKYLIGHT_TIMERS, ping)
        with page.expect_popup() as popup_info:
            page.evaluate("() => { crmConnect.skylight.open(); }")
        popup = popup_info.value
        try:
            page.wait_for_function(
                "(ping) => __sky.loaded && __sky.ready && (!ping || __sky.pong)",
                arg=ping,
                timeout=10_000,
            )
        except PlaywrightTimeout:
            popup.close()
            return not_present(what, baseline, goal, "the handshake did not reach 'ready'")
        loaded, ready, pong = page.evaluate("[__sky.loaded, __sky.ready, __sky.pong]")
        if ping:
            loading_trips.append(pong - loaded)
        else:
            handshakes.append(ready - loaded)
            idle_trips.append(median(popup.evaluate(POPUP_ROUND_TRIPS, 10)))
        popup.close()
    handshake, round_trip = median(handshakes), median(loading_trips)
    ratio = handshake / round_trip if round_trip else float("inf")
    return Row(
        what,
        f"{baseline}: {ms(round_trip)} (once the popup is idle: {ms(median(idle_trips))})",
        f"{ratio:.2f}× ({ms(handshake)}, median of {len(handshakes)} opens)",
        goal,
        judged(ratio <= 2),
    )
