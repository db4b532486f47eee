/* Sandbox UCP host: plays QVoice UCP, which shows CRM pages in tabs (iframes). */
(function () {
  "use strict";
  var bar = document.getElementById("tab-bar");
  var panels = document.getElementById("tab-panels");
  var crmOrigin = document.getElementById("crm-origin").textContent;
  var counter = 0;

  var sandbox = (window.sandbox = {
    log: [], // every message received: {origin, tab, data, verdict}
    calls: [], // every MAKE_CALL accepted: {tab, number, payload}
    tabs: function () {
      return frames().map(function (frame) {
        return frame.dataset.tabId;
      });
    },
    activeTab: function () {
      var button = bar.querySelector('[aria-selected="true"]');
      return button ? button.dataset.tabId : null;
    },
    openTab: openTab,
    closeTab: closeTab,
    select: select,
  });

  function frames() {
    return Array.prototype.slice.call(panels.querySelectorAll("iframe[data-tab-id]"));
  }

  function frameOf(id) {
    return (
      frames().filter(function (frame) {
        return frame.dataset.tabId === id;
      })[0] || null
    );
  }

  // UCP finds the sending tab by the iframe whose window posted the message.
  function frameBySource(source) {
    return (
      frames().filter(function (frame) {
        return source !== null && frame.contentWindow === source;
      })[0] || null
    );
  }

  function select(id) {
    Array.prototype.forEach.call(bar.querySelectorAll("[data-tab-id]"), function (button) {
      button.setAttribute("aria-selected", String(button.dataset.tabId === id));
    });
    Array.prototype.forEach.call(panels.querySelectorAll('[role="tabpanel"]'), function (panel) {
      panel.hidden = panel.dataset.tabId !== id;
    });
  }

  function closeTab(id) {
    var frame = frameOf(id);
    if (!frame) {
      return false;
    }
    var wasActive = sandbox.activeTab() === id;
    var ids = sandbox.tabs();
    var index = ids.indexOf(id);
    frame.closest('[role="tabpanel"]').remove();
    bar.querySelector('[data-tab-id="' + CSS.escape(id) + '"]').remove();
    ids.splice(index, 1);
    if (wasActive && ids.length) {
      select(ids[Math.min(index, ids.length - 1)]);
    }
    document.getElementById("no-tabs").hidden = ids.length > 0;
    return true;
  }

  function withTabId(url, id) {
    var parsed = new URL(url, crmOrigin);
    parsed.searchParams.set("ucp_tab", id);
    return parsed.href;
  }

  function openTab(url) {
    var parsed;
    try {
      parsed = new URL(url, crmOrigin);
    } catch (error) {
      return null;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      return null;
    }
    var id;
    do {
      id = "tab-" + ++counter;
    } while (frameOf(id));
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "tab");
    button.id = id + "-button";
    button.dataset.tabId = id;
    button.textContent = parsed.pathname;
    bar.appendChild(button);
    var panel = document.createElement("div");
    panel.setAttribute("role", "tabpanel");
    panel.id = id + "-panel";
    panel.dataset.tabId = id;
    var frame = document.createElement("iframe");
    frame.title = parsed.pathname;
    frame.dataset.tabId = id;
    frame.dataset.origin = parsed.origin;
    frame.src = withTabId(parsed.href, id);
    panel.appendChild(frame);
    panels.appendChild(panel);
    document.getElementById("no-tabs").hidden = true;
    select(id);
    return id;
  }

  function record(entry) {
    sandbox.log.push(entry);
    var item = document.createElement("li");
    item.className = entry.accepted ? "in" : "rejected";
    var text;
    try {
      text = JSON.stringify(entry.data);
    } catch (error) {
      text = String(entry.data);
    }
    item.textContent = (entry.tab || "?") + " " + entry.origin + " " + String(text).slice(0, 300) + ": " + entry.verdict;
    var list = document.getElementById("log");
    list.insertBefore(item, list.firstChild);
    document.dispatchEvent(new CustomEvent("sandbox:message", { detail: entry }));
  }

  function handle(event, frame) {
    var data = event.data;
    if (!frame) {
      return "ignored: not from one of the tabs";
    }
    if (event.origin !== frame.dataset.origin) {
      return "ignored: the tab shows " + event.origin + ", not " + frame.dataset.origin;
    }
    if (!data || typeof data !== "object" || typeof data.type !== "string" || !data.type) {
      return "rejected: no type";
    }
    var payload = data.payload && typeof data.payload === "object" ? data.payload : {};
    if (data.type === "CLOSE_CRM_TAB") {
      var id = payload.id === undefined || payload.id === null ? frame.dataset.tabId : String(payload.id);
      return closeTab(id) ? "closed " + id : "ignored: no tab " + id;
    }
    if (data.type === "MAKE_CALL") {
      var number = payload.phoneNumber || payload.number || payload.phone || "";
      sandbox.calls.push({ tab: frame.dataset.tabId, number: String(number), payload: payload });
      var item = document.createElement("li");
      item.textContent = "Calling " + (number || JSON.stringify(payload)) + " (from " + frame.dataset.tabId + ")";
      document.getElementById("calls").appendChild(item);
      return "calling " + number;
    }
    return "ignored: unknown type " + data.type;
  }

  // Like UCP: one listener for every message; unlike UCP, it logs each one.
  window.addEventListener("message", function (event) {
    var frame = frameBySource(event.source);
    var verdict = handle(event, frame);
    record({
      origin: event.origin,
      tab: frame ? frame.dataset.tabId : null,
      data: event.data,
      verdict: verdict,
      accepted: !/^(ignored|rejected)/.test(verdict),
    });
  });

  bar.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tab-id]");
    if (button) {
      select(button.dataset.tabId);
    }
  });

  document.getElementById("open-tab").addEventListener("submit", function (event) {
    event.preventDefault();
    openTab(event.target.elements.url.value);
    event.target.reset();
  });

  counter = frames().length;
})();
