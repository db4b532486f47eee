/*! django-crm-connect: the CxEngage Skylight popup protocol (CRM page side). */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var core = root && root.channel;
  var config = core && core.readConfig("crm-connect-skylight-config");
  if (config && !core.page) {
    console.error("[crm-connect:skylight] not started: channel-page.js is not loaded");
    return;
  }
  if (!config || root.skylight || typeof config.origin !== "string" || !config.origin || typeof config.popupUrl !== "string") {
    return;
  }

  var NAME = "skylight";
  var LOADED = "skylight/loaded";
  var DEFINED = "skylight/target-origin-defined";
  var ALREADY_DEFINED = "skylight/target-origin-already-defined";
  var CLOSED_TOPIC = "skylight/closed";
  var STATE_TOPIC = "cxengage/state";
  var SCREEN_POP_TOPIC = "cxengage/interactions/screen-pop-received";
  var DISCOVERY_MS = 1000; // how long a tab waits for the recorded holder tab to answer

  function positive(value, fallback) {
    var number = Number(value);
    return isFinite(number) && number > 0 ? number : fallback;
  }

  // Every value is the server's (SkylightClientConfig in crm_connect/skylight/schemas.py):
  // the script keeps no defaults of its own. A value missing or invalid is a configuration
  // error, reported once, and the script does not start.
  var checks = {
    windowName: !config.windowName || typeof config.windowName !== "string",
    windowFeatures: typeof config.windowFeatures !== "string",
    handshakeTimeout: !positive(config.handshakeTimeout, 0),
    commandTimeout: !positive(config.commandTimeout, 0),
    pollInterval: !positive(config.pollInterval, 0),
    connectorWait: typeof config.connectorWait !== "number",
    sdkUrl: !config.sdkUrl || typeof config.sdkUrl !== "string",
    relayUrl: !config.relayUrl || typeof config.relayUrl !== "string",
    replyTopicOverrides: !core.isPlainObject(config.replyTopicOverrides),
    labels: !core.isPlainObject(config.labels),
    messageLimits: !core.isPlainObject(config.messageLimits),
  };
  var invalid = Object.keys(checks).filter(function (name) {
    return checks[name];
  });
  if (invalid.length) {
    console.error("[crm-connect:skylight] not started: invalid configuration (" + invalid.join(", ") + ")");
    return;
  }
  var windowName = config.windowName;
  var windowFeatures = config.windowFeatures;
  var handshakeTimeout = config.handshakeTimeout;
  var commandTimeout = config.commandTimeout;
  var pollInterval = config.pollInterval;
  var overrides = config.replyTopicOverrides; // SKYLIGHT_REPLY_TOPICS, over the SDK table
  var labels = config.labels;
  // Per topic: limits over the channel's defaults (a dumpState carries every past interaction).
  var messageLimits = config.messageLimits;
  var storageKey = "crm-connect:skylight:" + windowName;
  // Which tab holds the popup, for every tab of this origin to read synchronously (a click
  // must decide at once whether to open a window or use the other tab's).
  var holderKey = "crm-connect:skylight-holder:" + config.origin + ":" + windowName;

  // --- typed errors ---------------------------------------------------------------------

  // code: POPUP_BLOCKED, HANDSHAKE_TIMEOUT, COMMAND_TIMEOUT, CLOSED, INVALID_ARGUMENT,
  // MESSAGE_TOO_LARGE, SDK_TABLE_UNAVAILABLE, or
  // the SDK's numeric code (1003 bad parameters...) with its context, data and level.
  function SkylightError(code, message, details) {
    var error = /** @type {CrmConnect.SkylightError} */ (new Error(message));
    Object.setPrototypeOf(error, SkylightError.prototype);
    error.name = "SkylightError";
    error.code = code;
    details = details || {};
    error.topic = details.topic === undefined ? null : details.topic;
    error.context = details.context === undefined ? null : details.context;
    error.data = details.data === undefined ? null : details.data;
    error.level = details.level === undefined ? null : details.level;
    error.sdk = details.sdk === undefined ? null : details.sdk;
    return error;
  }
  SkylightError.prototype = Object.create(Error.prototype);
  SkylightError.prototype.constructor = SkylightError;
  /** @this {CrmConnect.SkylightError} */
  SkylightError.prototype.toJSON = function () {
    return { name: this.name, code: this.code, message: this.message, topic: this.topic, context: this.context, data: this.data, level: this.level, sdk: this.sdk };
  };

  function sdkError(message) {
    var error = message.error;
    if (!core.isPlainObject(error)) {
      return SkylightError("SDK_ERROR", "Skylight answered " + message.topic + " with an error", { topic: message.topic, sdk: error });
    }
    return SkylightError(error.code, String(error.message || "Skylight error " + error.code), {
      topic: message.topic,
      context: error.context,
      data: error.data,
      level: error.level,
      sdk: error,
    });
  }

  // --- the lifecycle: statuses, the events that move between them, one transition ----------

  // Each event is also the reason state() reports (relayed-* report "relayed"). `from` lists
  // the statuses the event is legal in ("*": any: the popup may reload, answer late, or
  // close at any time); an event in another status is logged and ignored.
  /** @type {CrmConnect.SkylightTransition[]} */
  var TRANSITIONS = [
    { event: "opened", from: "*", to: "opening" }, // open() opened the window
    { event: "reopening", from: ["closed"], to: "opening" }, // this tab's next page, before Skylight loaded
    { event: "reconnecting", from: ["closed"], to: "loaded" }, // this tab's next page, Skylight loaded
    { event: "retry", from: ["closed"], to: "loaded" }, // open() on a window that did not answer
    { event: "loaded", from: "*", to: "loaded" }, // skylight/loaded
    { event: "unloading", from: "*", to: "loaded" }, // skylight/closed, the window still open
    { event: "connected", from: "*", to: "ready" }, // skylight/target-origin-defined
    { event: "already-connected", from: "*", to: "ready" }, // ...already-defined
    { event: "relayed-opening", from: "*", to: "opening" }, // the holder tab's status
    { event: "relayed-loaded", from: "*", to: "loaded" },
    { event: "relayed-ready", from: "*", to: "ready" },
    { event: "holder-left", from: ["opening", "loaded", "ready", "closed"], to: "opening" },
    { event: "handshake-timeout", from: ["closed", "opening", "loaded"], to: "closed" },
    { event: "window-closed", from: "*", to: "closed" },
    { event: "closed-by-page", from: "*", to: "closed" },
    { event: "skylight-closed", from: "*", to: "closed" }, // skylight/closed, the window gone
    { event: "closed-in-other-tab", from: "*", to: "closed" },
    { event: "popup-blocked", from: "*", to: "closed" },
    { event: "relay-unavailable", from: "*", to: "closed" }, // skylight-relay.js did not load
  ];

  var STATUSES = ["closed", "opening", "loaded", "ready"];

  /** The status `event` moves `status` to; null when the event is not legal there. */
  function transition(/** @type {string} */ status, /** @type {string} */ event) {
    var known = STATUSES.indexOf(status) >= 0;
    for (var i = 0; i < TRANSITIONS.length; i++) {
      var row = TRANSITIONS[i];
      if (row.event === event) {
        return known && (row.from === "*" || row.from.indexOf(/** @type {CrmConnect.SkylightStatus} */ (status)) >= 0) ? row.to : null;
      }
    }
    return null;
  }

  // --- state ------------------------------------------------------------------------------

  var tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var popup = null; // the Skylight window, when this tab holds it
  /** @type {Omit<CrmConnect.SkylightState, "queued" | "pending">} */
  var state = { status: "closed", role: null, reason: null, lastError: null };
  var holderId = null; // the tab that holds the popup, when it is another tab
  var discovering = false; // waiting for the recorded holder tab to answer
  var handshakeTimer = null;
  var pollTimer = null;
  var waiters = []; // open() promises: {resolve, reject}
  var queue = []; // commands waiting for "ready": {send, reject}
  var pending = {}; // topic -> [{resolve, reject, timer}] (commands sent, FIFO per topic)
  var events = core.emitter(NAME); // on(topic | "prefix/" | "*"), and DOM events

  // Created by start(): no listener, storage or window lookup before the connector's turn.
  /** @type {CrmConnect.Channel | null} */
  var channel = null;
  /** @type {BroadcastChannel | null} */
  var bus = null;

  function log(level, message, extra) {
    if (channel) {
      channel.log(level, message, extra);
    }
  }

  function createChannel() {
    return core.create({
      name: NAME,
      origin: config.origin,
      target: function () {
        return popup;
      },
      debug: config.debug,
      accept: function (data) {
        return typeof data.topic === "string" && data.topic.length > 0 && data.topic.length <= 300;
      },
      // Topics with limits of their own are keys of the channel's limits table; every other
      // message is "message". All are dispatched below, by topic and prefix.
      limits: messageLimits,
      key: function (raw) {
        var topic = topicOf(raw);
        return topic && Object.prototype.hasOwnProperty.call(messageLimits, topic) ? topic : "message";
      },
    });
  }

  // The topic of a message not read yet (structured-clone data: no getters can run).
  function topicOf(raw) {
    var topic = core.isPlainObject(raw) ? raw.topic : null;
    return typeof topic === "string" && topic.length > 0 && topic.length <= 300 ? topic : null;
  }

  // The popup sent a message over its limits: never silent. The command waiting for it
  // rejects, the page gets an "error" event.
  function refused(reason, topic) {
    var error = fail("MESSAGE_TOO_LARGE", "Skylight sent a message" + (topic ? " on " + topic : "") + " that is over this page's limits (" + reason + "); it was not read.", { topic: topic });
    var list = topic && Object.prototype.hasOwnProperty.call(pending, topic) ? pending[topic] : null;
    if (list && list.length) {
      var item = list.shift();
      if (!list.length) {
        delete pending[topic];
      }
      clearTimeout(item.timer);
      item.reject(error);
    }
  }

  function snapshot() {
    return {
      status: state.status,
      role: state.role,
      reason: state.reason,
      lastError: state.lastError,
      queued: queue.length + lookups,
      pending: Object.keys(pending).reduce(function (sum, topic) {
        return sum + pending[topic].length;
      }, 0) + (relay ? relay.pending() : 0),
    };
  }

  // --- the launcher and status elements ------------------------------------------------------

  function render() {
    var i, nodes = document.querySelectorAll("[data-skylight-status]");
    for (i = 0; i < nodes.length; i++) {
      nodes[i].setAttribute("data-skylight-status", state.status);
      nodes[i].textContent = labels[state.status] || state.status;
    }
    nodes = document.querySelectorAll("[data-skylight-error]");
    for (i = 0; i < nodes.length; i++) {
      nodes[i].textContent = state.lastError ? labels[state.lastError.code] || state.lastError.message : "";
      /** @type {HTMLElement} */ (nodes[i]).hidden = !state.lastError;
    }
  }

  // Every status change: `event` moves the status by the table, or is logged and ignored.
  function move(event) {
    var status = transition(state.status, event);
    if (!status) {
      log("debug", "ignored: " + event + " while " + state.status);
      return;
    }
    var previous = state.status;
    var reason = event.indexOf("relayed-") === 0 ? "relayed" : event;
    state.reason = reason;
    if (status === "ready") {
      state.lastError = null;
    }
    state.status = status;
    render();
    if (previous !== status) {
      log("debug", previous + " -> " + status + (reason ? " (" + reason + ")" : ""));
      events.emit("state", snapshot(), { previous: previous });
    }
    if (state.role === "popup") {
      broadcast({ kind: "state", status: status });
    }
    if (status === "ready") {
      clearTimeout(handshakeTimer);
      settleWaiters(null);
      flush();
    }
  }

  function fail(code, message, extra) {
    var error = SkylightError(code, message, extra);
    state.lastError = { code: code, message: message };
    render();
    if (window.console) {
      console.warn("[crm-connect:skylight] " + message);
    }
    events.emit("error", error.toJSON(), {});
    return error;
  }

  function settleWaiters(error) {
    var list = waiters;
    waiters = [];
    list.forEach(function (waiter) {
      if (error) {
        waiter.reject(error);
      } else {
        waiter.resolve(snapshot());
      }
    });
  }

  // Commands queued and commands waiting for a reply all fail with `error`.
  function rejectAll(error) {
    var list = queue;
    queue = [];
    list.forEach(function (item) {
      item.reject(error);
    });
    Object.keys(pending).forEach(function (topic) {
      pending[topic].forEach(function (item) {
        clearTimeout(item.timer);
        item.reject(error);
      });
    });
    pending = {};
    if (relay) {
      relay.rejectAll(error);
    }
  }

  // --- the popup this tab holds ------------------------------------------------------------

  // This tab's mark that it holds a popup: when it was opened, and whether a Skylight page
  // has answered from it since. It survives navigation (sessionStorage is per tab).
  function remember(loaded) {
    var previous = remembered();
    var mark = loaded ? { at: previous ? previous.at : Date.now(), loaded: true } : { at: Date.now(), loaded: false };
    mark.holder = tabId;
    core.write("sessionStorage", storageKey, mark); // storage disabled: no reconnecting after navigation
  }

  /** @return {any} */
  function remembered() {
    var value = core.read("sessionStorage", storageKey);
    return core.isPlainObject(value) && typeof value.at === "number" ? value : null;
  }

  function forget() {
    core.write("sessionStorage", storageKey, null);
  }

  // The holder tab's id in localStorage (storage disabled: tabs learn of it over the bus only).
  function markHolder(holding) {
    if (holding) {
      core.write("localStorage", holderKey, tabId);
    } else {
      forgetHolder(tabId);
    }
  }

  function forgetHolder(id) {
    if (core.read("localStorage", holderKey) === id) {
      core.write("localStorage", holderKey, null);
    }
  }

  function recordedHolder() {
    var id = core.read("localStorage", holderKey);
    return typeof id === "string" && id && id !== tabId ? id : null;
  }

  function startHandshakeTimer(timeout, message) {
    clearTimeout(handshakeTimer);
    handshakeTimer = setTimeout(function () {
      if (state.status === "ready") {
        return;
      }
      var error = fail(
        "HANDSHAKE_TIMEOUT",
        message ||
          "Skylight did not complete its handshake within " + timeout + " ms. Check the Skylight URL, and that this page sends Cross-Origin-Opener-Policy: same-origin-allow-popups."
      );
      if (state.role === "relay" && !holderId) {
        state.role = null; // no tab holds Skylight now: this one may open it
      }
      move("handshake-timeout");
      settleWaiters(error);
      rejectAll(error);
      // The window stays: a late skylight/loaded from it still completes the handshake.
    }, timeout);
  }

  function startPolling() {
    clearInterval(pollTimer);
    pollTimer = setInterval(function () {
      if (popup && popup.closed) {
        popupGone("window-closed");
      }
    }, pollInterval);
  }

  function popupGone(reason) {
    clearInterval(pollTimer);
    clearTimeout(handshakeTimer);
    popup = null;
    forget();
    markHolder(false);
    var error = SkylightError("CLOSED", "The Skylight window was closed.");
    if (state.status === "opening" && reason === "window-closed") {
      // Gone before a word from Skylight: usually not closed at all, but cut off.
      error = fail(
        "CLOSED",
        "The Skylight window closed, or was cut off from this page, before Skylight loaded. If it is still open, a Cross-Origin-Opener-Policy separates them: this page needs same-origin-allow-popups, and Skylight's page must not send one."
      );
    }
    move(reason); // while still the holder: other tabs hear of it
    state.role = null;
    settleWaiters(error);
    rejectAll(error);
  }

  function hold(win, loaded) {
    popup = win;
    holderId = null;
    state.role = "popup";
    discovering = false;
    markHolder(true);
    remember(loaded);
    startPolling();
    needRelay(); // other tabs may ask for this popup at any time: the holder answers at once
  }

  function controllerInit() {
    channel.post({ skylightController: true, controllerInit: true });
  }

  function onPopupMessage(message) {
    var topic = message.topic;
    if (topic === LOADED) {
      // Answer first: the popup handles controllerInit while this page does its bookkeeping.
      controllerInit();
      remember(true);
      move("loaded");
      startHandshakeTimer(handshakeTimeout);
    } else if (topic === DEFINED || topic === ALREADY_DEFINED) {
      // already-defined comes with error: true, yet means this page is connected.
      remember(true);
      move(topic === ALREADY_DEFINED ? "already-connected" : "connected");
    } else if (topic === CLOSED_TOPIC && popup && !popup.closed) {
      // Sent from beforeunload, which the agent can cancel: while the window is open it is
      // only a warning. Handshake again: a Skylight that stays answers already-defined, a
      // reloading one sends skylight/loaded, a closing one is seen by the poll.
      log("warn", "skylight/closed while the window is still open: handshaking again");
      move("unloading");
      controllerInit();
      startHandshakeTimer(handshakeTimeout);
    } else if (topic === CLOSED_TOPIC) {
      // The popup unloads: closed for good, or reloading (then skylight/loaded follows).
      clearTimeout(handshakeTimer);
      var error = SkylightError("CLOSED", "Skylight was unloaded.");
      move("skylight-closed");
      settleWaiters(error);
      rejectAll(error);
    } else {
      resolveReply(message);
      if (topic === SCREEN_POP_TOPIC && config.screenPop) {
        screenPop(message.response);
      }
    }
    broadcast({ kind: "event", message: message });
    events.emit(topic, message, { relayed: false });
  }


  function resolveReply(message) {
    var list = Object.prototype.hasOwnProperty.call(pending, message.topic) ? pending[message.topic] : null;
    if (!list || !list.length) {
      return;
    }
    var item = list.shift();
    if (!list.length) {
      delete pending[message.topic];
    }
    clearTimeout(item.timer);
    if (message.error) {
      item.reject(sdkError(message));
    } else {
      item.resolve(message.response === undefined ? null : message.response);
    }
  }

  // Back on a page of the tab that opened Skylight: take the popup up again by its name.
  function reconnect() {
    var mark = remembered();
    if (!mark) {
      return false;
    }
    var win = null;
    try {
      win = window.open("", windowName);
    } catch {
      win = null;
    }
    if (!win) {
      forget();
      return false;
    }
    var blank = false;
    try {
      blank = win.location.href === "about:blank"; // readable: no Skylight page in it
    } catch {
      blank = false; // cross-origin: the Skylight page is still there
    }
    if (blank && (mark.loaded || Date.now() - mark.at > handshakeTimeout)) {
      // No window of that name for this tab: window.open made a new, empty one. Undo it.
      win.close();
      forget();
      forgetHolder(mark.holder); // this tab's previous page held it
      if (mark.loaded) {
        broadcast({ kind: "state", status: "closed" }); // tabs that used it stop waiting
        fail(
          "UNREACHABLE",
          "The Skylight window opened from this tab cannot be reached any more: it was closed, or this tab visited another site or a page with another Cross-Origin-Opener-Policy, which cuts the link. If it is still open, close it and open Skylight again."
        );
      }
      return false;
    }
    hold(win, !blank);
    prefetchSdk();
    if (blank) {
      // Opened moments ago and not loaded yet (the page navigated right after opening).
      win.location.replace(config.popupUrl);
      move("reopening");
    } else {
      move("reconnecting");
      controllerInit();
    }
    startHandshakeTimer(handshakeTimeout);
    return true;
  }

  // --- other tabs of this CRM: the bus here, the relay in skylight-relay.js ---------------

  // Keys with undefined values would make the receiving tab reject the whole message.
  function broadcast(message) {
    if (!bus) {
      return;
    }
    var clean = { from: tabId };
    Object.keys(message).forEach(function (key) {
      if (message[key] !== undefined) {
        clean[key] = message[key];
      }
    });
    try {
      bus.postMessage(clean);
    } catch (error) {
      log("warn", "not relayed to other tabs", error);
    }
  }

  // skylight-relay.js: loaded when first needed (needRelay), never on a page that neither
  // holds the popup, nor finds a recorded holder, nor hears another tab's Skylight. Until it
  // has loaded, what comes over the bus waits in `inbox`, in order.
  /** @type {CrmConnect.SkylightRelay | null} */
  var relay = null;
  /** @type {Promise<void> | null} */
  var relayLoading = null; // skylight-relay.js on its way (core.load: with this page's nonce)
  /** @type {MessageEvent[]} */
  var inbox = [];

  function onBus(/** @type {MessageEvent} */ event) {
    if (relay) {
      relay.onBusMessage(event);
      return;
    }
    var data = core.isPlainObject(event.data) ? event.data : {};
    // Without the relay, a tab listens for what makes it need one: a word from another tab
    // to the popup this tab holds (its relay did not load: it tries again), or another
    // tab's Skylight (its status, or an event from it). The rest is for relays.
    if (relayLoading || state.role === "popup" || data.kind === "event" || (data.kind === "state" && data.status !== "closed")) {
      if (inbox.length < 100) {
        inbox.push(event);
      }
      needRelay();
    }
  }

  function needRelay() {
    if (relay || relayLoading || !bus) {
      return;
    }
    var done = function () {
      relayLoading = null;
      if (!relay) {
        relayFailed(config.relayUrl);
      }
    };
    relayLoading = core.load(config.relayUrl).then(done, done);
  }

  // Not loaded: what waited for another tab fails with RELAY_UNAVAILABLE, nothing waits on
  // (the next need loads it again); a popup this tab holds works on, for this tab only.
  function relayFailed(url) {
    inbox = [];
    var error = fail("RELAY_UNAVAILABLE", "The Skylight relay " + url + " did not load: this tab cannot use Skylight through another tab, nor lend its own.");
    if (state.role === "popup") {
      return;
    }
    discovering = false;
    holderId = null;
    state.role = null;
    move("relay-unavailable");
    settleWaiters(error);
    rejectAll(error);
  }

  // Called by skylight-relay.js once loaded: what it may use of this tab's lifecycle.
  function registerRelay(/** @type {CrmConnect.SkylightRelaySetup} */ setup) {
    if (relay) {
      return;
    }
    relay = setup({
      id: tabId,
      core: core,
      state: state,
      messageLimits: messageLimits,
      handshakeTimeout: handshakeTimeout,
      SkylightError: /** @type {CrmConnect.SkylightErrorConstructor} */ (/** @type {unknown} */ (SkylightError)),
      broadcast: broadcast,
      dispatch: events.emit,
      fail: fail,
      move: move,
      topicOf: topicOf,
      settleWaiters: settleWaiters,
      rejectAll: rejectAll,
      startHandshakeTimer: startHandshakeTimer,
      stopHandshakeTimer: function () {
        clearTimeout(handshakeTimer);
      },
      command: command,
      dumpState: dumpState,
      holder: function () {
        return holderId;
      },
      follow: function (from, role) {
        holderId = from;
        state.role = role;
        discovering = false;
      },
      focus: function () {
        if (popup) {
          popup.focus();
        }
      },
    });
    inbox.splice(0).forEach(function (event) {
      /** @type {CrmConnect.SkylightRelay} */ (relay).onBusMessage(event);
    });
  }

  // --- opening ---------------------------------------------------------------------------

  function whenReady() {
    if (state.status === "ready") {
      return Promise.resolve(snapshot());
    }
    return new Promise(function (resolve, reject) {
      waiters.push({ resolve: resolve, reject: reject });
    });
  }

  // Call from a click (popup blockers). Resolves when the handshake completes; rejects
  // with POPUP_BLOCKED, HANDSHAKE_TIMEOUT or CLOSED.
  function open(options) {
    options = options || {};
    if (state.role === "popup" && popup && !popup.closed) {
      try {
        popup.focus();
      } catch {
        /* focusing is best effort */
      }
      if (state.status === "closed") {
        // Known window that did not answer: try the handshake again.
        move("retry");
        controllerInit();
        startHandshakeTimer(positive(options.timeout, handshakeTimeout));
      }
      return whenReady();
    }
    if ((state.role === "relay" && holderId) || discovering) {
      broadcast({ kind: "focus" }); // another tab holds Skylight: use it, do not open a second one
      return whenReady();
    }
    var win = null;
    try {
      win = window.open(config.popupUrl, windowName, windowFeatures);
    } catch {
      win = null;
    }
    if (!win) {
      var blocked = fail("POPUP_BLOCKED", "The Skylight popup was blocked. Allow popups for this site, then open Skylight again.");
      move("popup-blocked");
      settleWaiters(blocked);
      rejectAll(blocked);
      return Promise.reject(blocked);
    }
    var promise = whenReady();
    hold(win, false);
    prefetchSdk();
    move("opened");
    startHandshakeTimer(positive(options.timeout, handshakeTimeout));
    return promise;
  }

  function close() {
    if (state.role === "popup" && popup) {
      popup.close();
      popupGone("closed-by-page");
    }
  }

  // --- commands --------------------------------------------------------------------------

  // The SDK command table (skylight-sdk.json, a static file the browser caches): fetched
  // once Skylight is needed (opened, or a command whose reply topic it must look up), not
  // carried by every page. A failed load rejects the commands waiting for it with
  // SDK_TABLE_UNAVAILABLE; the next command tries again.
  var sdkTopics = null; // Promise of {"module[.subModule].command": topic}
  var lookups = 0; // commands waiting for the table (counted as queued)

  function loadSdk() {
    sdkTopics =
      sdkTopics ||
      fetch(config.sdkUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(new Error("HTTP " + response.status));
        })
        .then(function (table) {
          var commands = core.isPlainObject(table) ? table.commands : null;
          if (!core.isPlainObject(commands)) {
            throw new Error("it has no commands");
          }
          var topics = {};
          Object.keys(commands).forEach(function (key) {
            var entry = commands[key];
            if (core.isPlainObject(entry) && typeof entry.topic === "string") {
              topics[key] = entry.topic;
            }
          });
          return topics;
        })
        .catch(function (error) {
          sdkTopics = null;
          throw fail(
            "SDK_TABLE_UNAVAILABLE",
            "The Skylight SDK table " + config.sdkUrl + " did not load (" + (error && error.message ? error.message : error) + "): commands need options.topic or SKYLIGHT_REPLY_TOPICS until it does. Static files on another origin must send Access-Control-Allow-Origin."
          );
        });
    return sdkTopics;
  }

  function prefetchSdk() {
    loadSdk().catch(function () {
      /* reported by fail(); a command retries */
    });
  }

  // The reply topic of a command: SKYLIGHT_REPLY_TOPICS, then the SDK table.
  function replyTopic(module, subModule, name) {
    var key = module + "." + (subModule ? subModule + "." : "") + name;
    if (Object.prototype.hasOwnProperty.call(overrides, key)) {
      return Promise.resolve(String(overrides[key]));
    }
    return loadSdk().then(function (topics) {
      return Object.prototype.hasOwnProperty.call(topics, key) ? topics[key] : null;
    });
  }

  // Run `send` when ready: now, or after the handshake. Rejects with CLOSED when Skylight
  // is closed and nothing is on its way.
  function whenSendable(send, reject) {
    if (state.status === "ready") {
      send();
    } else if (state.status === "closed" && !discovering && !waiters.length) {
      reject(SkylightError("CLOSED", "Skylight is not open. Open it first (crmConnect.skylight.open())."));
    } else {
      queue.push({ send: send, reject: reject });
    }
  }

  function flush() {
    var list = queue;
    queue = [];
    list.forEach(function (item) {
      item.send();
    });
  }

  function execute(message, topic, options, label) {
    var timeout = positive(options.timeout, commandTimeout);
    var expectReply = options.expectReply !== false;
    return new Promise(function (resolve, reject) {
      whenSendable(function () {
        if (state.role === "relay") {
          /** @type {CrmConnect.SkylightRelay} */ (relay).sendRemote(message, options, timeout, resolve, reject);
          return;
        }
        var item = { resolve: resolve, reject: reject, timer: null };
        if (expectReply && topic) {
          (pending[topic] = pending[topic] || []).push(item);
        }
        if (!channel.post(message)) {
          if (topic && pending[topic]) {
            pending[topic].splice(pending[topic].indexOf(item), 1);
          }
          reject(SkylightError("CLOSED", "The Skylight window is not there."));
          return;
        }
        if (!expectReply) {
          resolve(null);
          return;
        }
        item.timer = setTimeout(function () {
          var list = topic && pending[topic];
          if (list && list.indexOf(item) >= 0) {
            list.splice(list.indexOf(item), 1);
            if (!list.length) {
              delete pending[topic];
            }
          }
          var hint = topic ? "on " + topic : "(no reply topic is known for " + label + "; pass options.topic)";
          reject(SkylightError("COMMAND_TIMEOUT", "No reply to " + label + " within " + timeout + " ms " + hint, { topic: topic }));
        }, timeout);
      }, reject);
    });
  }

  // command("interactions", "dial", data, {subModule: "voice"}) or
  // command("interactions.voice", "dial", data); options: subModule, topic, timeout, expectReply.
  function command(module, name, data, options) {
    options = core.isPlainObject(options) ? options : {};
    if (typeof module !== "string" || !module || typeof name !== "string" || !name) {
      return Promise.reject(SkylightError("INVALID_ARGUMENT", "command(module, command, data, options) needs a module and a command name"));
    }
    var subModule = typeof options.subModule === "string" && options.subModule ? options.subModule : null;
    var dot = module.indexOf(".");
    if (!subModule && dot > 0) {
      subModule = module.slice(dot + 1);
      module = module.slice(0, dot);
    }
    var clean;
    try {
      clean = data === undefined ? {} : core.sanitize(data);
    } catch (error) {
      return Promise.reject(SkylightError("INVALID_ARGUMENT", "command data must be plain JSON-like data: " + (error.reason || error)));
    }
    var message = { skylightController: true, module: module, command: name, data: clean };
    if (subModule) {
      message.subModule = subModule;
    }
    var label = module + "." + (subModule ? subModule + "." : "") + name;
    var run = function (topic) {
      if (topic === "" && options.expectReply === undefined) {
        options = Object.assign({}, options, { expectReply: false }); // the SDK publishes no reply
      }
      return execute(message, topic, options, label);
    };
    if (typeof options.topic === "string" && options.topic) {
      return run(options.topic);
    }
    lookups++;
    return replyTopic(module, subModule, name).then(
      function (topic) {
        lookups--;
        return run(topic);
      },
      function (error) {
        lookups--;
        throw error;
      }
    );
  }

  function dumpState(options) {
    options = core.isPlainObject(options) ? options : {};
    return execute({ skylightController: true, command: "dumpState" }, STATE_TOPIC, options, "dumpState");
  }

  function dial(phoneNumber, interactionMetadata, options) {
    var data = { phoneNumber: String(phoneNumber || ""), direction: "agent-initiated" };
    if (core.isPlainObject(interactionMetadata) && Object.keys(interactionMetadata).length) {
      data.interactionMetadata = interactionMetadata;
    }
    return command("interactions", "dial", data, Object.assign({}, options || {}, { subModule: "voice" }));
  }

  // --- screen pops (SKYLIGHT_SCREEN_POP): the connector's behaviour and search endpoint ----

  var popped = {}; // interaction ids (or numbers) popped by this page
  var texts = core.isPlainObject(config.texts) ? config.texts : {};

  function text(name, values) {
    return String(texts[name] || name).replace("{number}", (values && values.number) || "");
  }

  // The caller's numbers of a search-pop: its fuzzy terms, or its strict filter's values.
  function popNumbers(pop) {
    var values = Array.isArray(pop.terms) ? pop.terms.slice() : [];
    if (core.isPlainObject(pop.filter)) {
      Object.keys(pop.filter).forEach(function (key) {
        values = values.concat(pop.filter[key]);
      });
    }
    return values
      .filter(function (value) {
        return (typeof value === "string" && value.trim() && value.length <= 64) || typeof value === "number";
      })
      .map(function (value) {
        return String(value).trim();
      })
      .slice(0, 10);
  }

  // One match opens the record, several show a choice, none offers to create one.
  function screenPop(pop) {
    pop = core.isPlainObject(pop) ? pop : {};
    var numbers = popNumbers(pop);
    // url pops name a CxEngage contact, external-url pops the SDK opens itself.
    if (pop.popType !== "search-pop" || !numbers.length || !config.phoneSearchUrl) {
      return;
    }
    var key = String(pop.interactionId || numbers.join(","));
    if (popped[key]) {
      return;
    }
    popped[key] = true;
    var query = numbers.map(function (number) {
      return "number=" + encodeURIComponent(number);
    });
    fetch(config.phoneSearchUrl + "?" + query.join("&"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(new Error("HTTP " + response.status));
      })
      .then(function (found) {
        var records = Array.isArray(found.results) ? found.results : [];
        var shown = (Array.isArray(found.numbers) && found.numbers[0]) || numbers[0];
        events.emit("screenPop", { interactionId: pop.interactionId || null, numbers: numbers, matches: records.length }, {});
        var url = records.length === 1 && core.page.safeUrl(records[0].url);
        if (url) {
          core.page.visit(url);
        } else {
          core.page.showRecords(shown, records, found.createUrl, text);
        }
      })
      .catch(function (error) {
        delete popped[key]; // not popped: a later pop may try again
        fail("SCREEN_POP_FAILED", text("searchFailed") + " (" + error + ")");
      });
  }

  // --- the page's controls: launcher and click-to-dial --------------------------------------

  // interactionMetadata: a record link's recordId, objectType, recordName and recordUrl,
  // then data-skylight-metadata='{"json": "object"}', then each
  // data-skylight-meta-some-name="value" as someName.
  function metadataOf(link) {
    var metadata = {};
    if (link.matches(RECORD_LINK)) {
      RECORD_FIELDS.forEach(function (name) {
        var value = link.dataset[name];
        if (value && name === "recordUrl") {
          value = new URL(value, location.href).href; // Skylight is elsewhere: absolute
        }
        if (value) {
          metadata[name] = value;
        }
      });
    }
    var json = link.getAttribute("data-skylight-metadata");
    if (json) {
      try {
        var parsed = core.sanitize(JSON.parse(json));
        if (core.isPlainObject(parsed)) {
          Object.keys(parsed).forEach(function (key) {
            metadata[key] = parsed[key];
          });
        }
      } catch {
        log("warn", "data-skylight-metadata is not a JSON object", json);
      }
    }
    Object.keys(link.dataset).forEach(function (key) {
      if (key.indexOf("skylightMeta") === 0 && key.length > 12 && key !== "skylightMetadata") {
        var name = key.charAt(12).toLowerCase() + key.slice(13);
        metadata[name] = link.dataset[key];
      }
    });
    return metadata;
  }

  // The record links of {% crm_connect_tel %}: Skylight dials them while it runs; while it
  // is closed they are left to the connector's click-to-dial, or to the browser.
  var RECORD_LINK = "[data-crm-connect-dial]";
  var RECORD_FIELDS = ["recordId", "objectType", "recordName", "recordUrl"];

  function running() {
    return state.status !== "closed" || !!holderId || discovering;
  }

  function dialLink(element) {
    if (config.clickToDial === false) {
      return null;
    }
    return element.closest("[data-skylight-dial]") || (running() ? element.closest(RECORD_LINK) : null);
  }

  // The core's one click dispatcher asks Skylight first (core.page.priority): a link it
  // dials (true) is not also dialled by UCP or the connector; it prevents the default.
  function onClick(event) {
    var element = event.target && event.target.closest ? event.target : null;
    if (!element) {
      return false;
    }
    start(); // a click before the connector's turn: set up now, in the click (popup blockers)
    if (element.closest("[data-skylight-open]")) {
      open().catch(function () {
        /* reported through the status, the error element and the "error" event */
      });
      return false;
    }
    var link = dialLink(element);
    var number = link ? core.page.numberOf(link, "data-skylight-dial") : "";
    if (!number) {
      return false;
    }
    var metadata = metadataOf(link);
    link.setAttribute("data-skylight-dial-state", "dialing");
    // Closed, and no other tab holds Skylight: this click opens it, and the call follows.
    var opening = state.status === "closed" && !holderId && !discovering ? open() : null;
    var call = opening
      ? opening.then(function () {
          return dial(number, metadata);
        })
      : dial(number, metadata);
    call.then(
      function (response) {
        link.setAttribute("data-skylight-dial-state", "dialed");
        events.emit("dial", { phoneNumber: number, interactionMetadata: metadata, response: response, error: null }, {});
      },
      function (error) {
        link.setAttribute("data-skylight-dial-state", "failed");
        events.emit("dial", { phoneNumber: number, interactionMetadata: metadata, response: null, error: error.toJSON ? error.toJSON() : String(error) }, {});
      }
    );
    return true;
  }

  core.page.handle(core.page.priority.skylight, onClick);

  // --- start: after the connector -------------------------------------------------------------

  var started = false;

  // Until start(), what Skylight's origin posts is held; what came from the popup then
  // found is handed to the channel in order: a page that waits for its connector must not
  // lose the popup's events.
  /** @type {MessageEvent[]} */
  var early = [];
  function holdEarly(/** @type {MessageEvent} */ event) {
    if (event.origin === config.origin && early.length < 100) {
      early.push(event);
    }
  }
  window.addEventListener("message", holdEarly);

  // The popup's channel, the other tabs' bus, taking up a popup this tab holds, the
  // launcher. Runs once: after the connector's handshake, or at once when needed.
  function start() {
    if (started) {
      return;
    }
    started = true;
    channel = createChannel();
    channel.on("rejected", function (error) {
      refused(error.reason, topicOf(error.data));
    });
    channel.on("message", onPopupMessage);
    Object.keys(messageLimits).forEach(function (topic) {
      /** @type {CrmConnect.Channel} */ (channel).on(topic, onPopupMessage);
    });
    if (config.shareAcrossTabs !== false && typeof window.BroadcastChannel === "function") {
      try {
        bus = new BroadcastChannel("crm-connect:skylight:" + config.origin + ":" + windowName);
        bus.addEventListener("message", onBus);
        window.addEventListener("pagehide", function () {
          if (state.role === "popup") {
            broadcast({ kind: "bye" });
          }
        });
      } catch {
        bus = null;
      }
    }
    discover();
    window.removeEventListener("message", holdEarly);
    early.splice(0).forEach(function (event) {
      if (popup && event.source === popup) {
        window.dispatchEvent(new MessageEvent("message", { data: event.data, origin: event.origin, source: popup }));
      }
    });
    render();
    events.emit("started", null, {});
  }

  // The connector first (its handshake must not wait for this module): set up once the
  // connector on this page has sent crmData, timed out or failed, or after
  // config.connectorWait ms; at once on a page without it.
  function afterConnector() {
    var connector = root.connector;
    var status = connector ? connector.state().status : "connected";
    if (status === "connected" || status === "timeout") {
      start();
      return;
    }
    var outcomes = ["connected", "timeout", "error"];
    var timer = setTimeout(go, config.connectorWait);
    function go() {
      clearTimeout(timer);
      outcomes.forEach(function (name) {
        document.removeEventListener("crm-connect:connector:" + name, go);
      });
      setTimeout(start, 0); // after the task that sent crmData: the connector reads it first
    }
    outcomes.forEach(function (name) {
      document.addEventListener("crm-connect:connector:" + name, go);
    });
  }

  function discover() {
    if (!reconnect() && bus) {
      broadcast({ kind: "hello" }); // a tab that holds Skylight answers with its state
      var recorded = recordedHolder();
      if (recorded) {
        // Until that tab answers, commands wait and open() does not open a second window.
        discovering = true;
        needRelay(); // its answer is for the relay to read
        setTimeout(function giveUp() {
          if (relayLoading) {
            // The answer may be waiting for the relay: decide once it has read it.
            relayLoading.then(giveUp);
            return;
          }
          if (!discovering) {
            return;
          }
          discovering = false;
          forgetHolder(recorded); // that tab is gone without a word
          var error = SkylightError("CLOSED", "No tab holds Skylight any more. Open it again.");
          settleWaiters(error);
          rejectAll(error);
        }, DISCOVERY_MS);
      }
    }
  }

  // The API works at once: a call before the connector's turn sets the module up first.
  function now(method) {
    return function () {
      start();
      return method.apply(null, arguments);
    };
  }

  afterConnector();

  root.skylight = {
    origin: config.origin,
    windowName: windowName,
    open: now(open),
    close: now(close),
    command: now(command),
    dial: now(dial),
    dumpState: now(dumpState),
    on: events.on,
    off: events.off,
    state: now(snapshot),
    replyTopic: now(replyTopic),
    transitions: function () {
      return TRANSITIONS.map(function (row) {
        return { event: row.event, from: row.from === "*" ? "*" : row.from.slice(), to: row.to };
      });
    },
    transition: transition,
    _relay: registerRelay,
    SkylightError: /** @type {CrmConnect.SkylightErrorConstructor} */ (/** @type {unknown} */ (SkylightError)),
  };
})();
