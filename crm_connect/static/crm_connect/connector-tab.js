/*! django-crm-connect: a CRM page in window mode (docs/softphone-window.md): the
    softphone's status and button, and crmConnect.connector over a BroadcastChannel. */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var core = root && root.channel;
  var config = core && core.readConfig("crm-connect-softphone-config");
  if (!config || root.connector) {
    return;
  }
  var texts = config.texts;
  var isPlainObject = core.isPlainObject;
  var events = core.emitter("connector");
  var tab = Date.now().toString(36) + Math.random().toString(36).slice(2);
  var bus = typeof BroadcastChannel === "function" ? new BroadcastChannel(config.channel) : null;

  /** @type {CrmConnect.ConnectorState} */
  var state = { status: "closed", ready: 0, crmDataSent: 0, lastError: null, clickToDial: false, logsSaved: 0, logFailures: 0 };
  var open = false; // a window holds the connector
  /** @type {{[id: number]: [(value: any) => void, (error: Error) => void]}} */
  var calls = {};
  var nextCall = 1;
  /** @type {[(value?: any) => void, (error: Error) => void][]} */
  var waiting = []; // openWindow() promises

  /** @param {string} code */
  function failure(code, message) {
    return Object.assign(new Error(message), { name: "SoftphoneError", code: code });
  }

  /** @param {string} kind */
  function post(kind, extra) {
    if (bus) {
      bus.postMessage(Object.assign({ kind: kind, user: config.userId, tab: tab }, extra));
    }
  }

  // --- the status, the button and the click-to-dial links ------------------------------------

  var HINT = "crm-connect-dial-hint";

  function render() {
    var status = state.status;
    var boxes = document.querySelectorAll("[data-crm-connect-softphone]");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].setAttribute("data-crm-connect-softphone", status);
      var line = boxes[i].querySelector("[data-crm-connect-softphone-status]");
      if (line) {
        line.textContent = texts[status] || status;
      }
    }
    var dialing = open && state.clickToDial;
    document.documentElement.setAttribute("data-crm-connect-click-to-dial", dialing ? "on" : "off");
    var links = document.querySelectorAll("a[data-crm-connect-dial]");
    for (i = 0; i < links.length; i++) {
      if (dialing) {
        links[i].setAttribute("aria-describedby", HINT);
      } else if (links[i].getAttribute("aria-describedby") === HINT) {
        links[i].removeAttribute("aria-describedby");
      }
    }
    if (dialing && document.body && !document.getElementById(HINT)) {
      var hint = document.body.appendChild(document.createElement("span"));
      hint.id = HINT;
      hint.hidden = true;
      hint.textContent = texts.dialHint;
    }
  }

  function settle(error) {
    var list = waiting;
    waiting = [];
    list.forEach(function (entry) {
      if (error) {
        entry[1](error);
      } else {
        entry[0]();
      }
    });
  }

  // The window's state (or none: closed); openWindow() settles on the outcome.
  function update(next, reason) {
    var was = state.status;
    if (isPlainObject(next)) {
      open = true;
      Object.keys(state).forEach(function (key) {
        if (Object.prototype.hasOwnProperty.call(next, key)) {
          state[key] = next[key];
        }
      });
    } else if (next === null && reason) {
      open = false;
      state.status = reason === "blocked" || reason === "opening" ? reason : "closed";
      state.clickToDial = false;
    }
    if (state.status === "connected") {
      settle(null);
    } else if (state.status === "timeout") {
      settle(failure("TIMEOUT", "the softphone's connector did not answer"));
    } else if (state.status === "closed" && was !== "closed") {
      settle(failure("WINDOW_CLOSED", "the softphone window closed"));
      Object.keys(calls).forEach(function (id) {
        calls[id][1](failure("WINDOW_CLOSED", "the softphone window closed"));
        delete calls[id];
      });
    }
    render();
  }

  function onMessage(event) {
    var message = event.data;
    if (!isPlainObject(message) || message.user !== config.userId || typeof message.kind !== "string") {
      return;
    }
    var kind = message.kind;
    var mine = message.to === tab;
    if (kind === "state" || kind === "event") {
      update(message.state === null ? undefined : message.state);
      if (kind === "event" && typeof message.key === "string" && message.key) {
        events.emit(message.key, message.data);
      }
    } else if (kind === "closed") {
      update(null, "closed");
      events.emit("windowClosed", { reason: message.reason === "signed-out" ? "signed-out" : "closed" });
    } else if (kind === "result" && mine && typeof message.id === "number" && calls[message.id]) {
      var call = calls[message.id];
      delete calls[message.id];
      var error = isPlainObject(message.error) ? message.error : {};
      if (message.ok) {
        call[0](message.value);
      } else {
        call[1](Object.assign(new Error(String(error.message)), { name: String(error.name || "Error"), code: error.code }));
      }
    } else if (kind === "visit" && mine && core.page) {
      var url = core.page.safeUrl(message.url);
      if (url) {
        core.page.visit(url); // the window's connector told every tab: "navigate"
      }
    }
  }

  /** @return {Promise<any>} */
  function call(method, args) {
    return new Promise(function (resolve, reject) {
      if (!open) {
        reject(failure("WINDOW_CLOSED", "the softphone window is not open"));
        return;
      }
      var id = nextCall++;
      calls[id] = [resolve, reject];
      post("call", { id: id, method: method, args: args });
    });
  }

  // --- the API: crmConnect.connector, as in a docked page --------------------------------------

  function openWindow() {
    return new Promise(function (resolve, reject) {
      if (!bus) {
        reject(failure("UNSUPPORTED", "this browser has no BroadcastChannel"));
      } else if (open) {
        post("raise");
        waiting.push([resolve, reject]);
        update(state); // connected already: settles at once
      } else if (window.open(config.windowUrl, config.windowName, config.windowFeatures)) {
        waiting.push([resolve, reject]);
        update(null, "opening");
        // A window that never speaks (its page failed, a login page): the promise settles.
        setTimeout(function () {
          if (state.status === "opening") {
            settle(failure("TIMEOUT", "the softphone window did not start"));
            update(null, "closed");
          }
        }, config.handshakeTimeout);
      } else {
        update(null, "blocked");
        reject(failure("POPUP_BLOCKED", "the browser blocked the softphone window"));
      }
    });
  }

  function send(action, data) {
    if (typeof action !== "string" || !action) {
      throw new TypeError("send(action, data): no action");
    }
    if (open) {
      call("send", [action, data === undefined ? {} : data]).catch(function () {});
    }
    return open;
  }

  function pendingLogs() {
    var logs = core.read("localStorage", "crmConnect.pendingLogs." + config.userId);
    return isPlainObject(logs) ? Object.keys(logs) : [];
  }

  root.connector = {
    origin: config.origin,
    mode: "window",
    openWindow: openWindow,
    on: events.on,
    off: events.off,
    send: send,
    notify: function (options) {
      return call("notify", [options]);
    },
    setClickToDial: function (enabled) {
      return call("setClickToDial", [!!enabled]);
    },
    pendingLogs: pendingLogs,
    state: function () {
      return Object.assign({}, state);
    },
  };

  // A click-to-dial link in this tab dials with the window's connector (asked after
  // Skylight and UCP, as the docked connector is). channel-page.js may come deferred,
  // with the UCP or Skylight tag before this one.
  var clicksHandled = false;
  function handleClicks() {
    var page = core.page;
    if (!page || clicksHandled) {
      return;
    }
    clicksHandled = true;
    page.handle(page.priority.connector, function (event) {
      var target = /** @type {Element} */ (event.target);
      var link = open && state.clickToDial && target.closest && target.closest("a[data-crm-connect-dial]");
      if (!link || !page.numberOf(link)) {
        return false;
      }
      var attributes = {};
      ["href", "data-record-id", "data-object-type", "data-record-name", "data-record-url", "data-record-email"].forEach(function (name) {
        attributes[name] = link.getAttribute(name) || "";
      });
      call("dial", [attributes]).catch(function (error) {
        events.emit("error", { message: String(error.message), code: error.code });
      });
      return true;
    });
  }

  document.addEventListener("click", function (event) {
    var target = /** @type {Element} */ (event.target);
    if (target.closest && target.closest("[data-crm-connect-softphone-open]")) {
      openWindow().catch(function (error) {
        console.warn("[crm-connect:connector] " + error.message);
      });
    }
  });

  // Which tab the agent used last: a screen pop opens its record there.
  function used() {
    if (document.visibilityState === "visible") {
      post("used");
    }
  }
  window.addEventListener("focus", used);
  document.addEventListener("visibilitychange", used);
  window.addEventListener("pagehide", function () {
    post("bye");
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      post("hello", { used: document.visibilityState === "visible" });
    }
  });
  // htmx and Turbo swap the body: the new links and status need this page's state
  ["htmx:afterSettle", "turbo:render"].forEach(function (name) {
    document.addEventListener(name, render);
  });

  if (bus) {
    bus.onmessage = onMessage;
    post("hello", { used: document.visibilityState === "visible" });
  }
  function ready() {
    handleClicks();
    render();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
