/*! django-crm-connect: the CxEngage Skylight popup protocol (CRM page side): puts its parts
    together (skylight-*.js, loaded before it) and sets crmConnect.skylight (docs/skylight.md). */
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
  // Each part is a function of the tab's shared state (CrmConnect.SkylightTab) that returns
  // its members; together they make the tab's lifecycle. SKYLIGHT_SCRIPTS in Python lists
  // their files, in the order the tag renders them.
  var PARTS = ["lifecycle", "popup", "commands", "tabs", "page"];
  var parts = core && core._parts && core._parts.skylight;
  var absent = PARTS.filter(function (name) {
    return !parts || typeof parts[name] !== "function";
  });
  if (config && absent.length) {
    console.error("[crm-connect:skylight] not started: not loaded: skylight-" + absent.join(".js, skylight-") + ".js");
    return;
  }
  if (!config || root.skylight || typeof config.origin !== "string" || !config.origin || typeof config.popupUrl !== "string") {
    return;
  }

  var NAME = "skylight";

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
  // Per topic: limits over the channel's defaults (a dumpState carries every past interaction).
  var messageLimits = config.messageLimits;

  // --- the tab's shared state, and its parts ----------------------------------------------

  /** @type {Partial<CrmConnect.SkylightTab>} */
  var shared = {
    core: core,
    config: config,
    id: Math.random().toString(36).slice(2) + Date.now().toString(36),
    state: { status: "closed", role: null, reason: null, lastError: null },
    events: core.emitter(NAME), // on(topic | "prefix/" | "*"), and DOM events
    popup: null, // the Skylight window, when this tab holds it
    holderId: null, // the tab that holds the popup, when it is another tab
    discovering: false, // waiting for the recorded holder tab to answer
    waiters: [], // open() promises: {resolve, reject}
    // Created by start(): no listener, storage or window lookup before the connector's turn.
    channel: null,
    bus: null,
    relay: null, // skylight-relay.js, once loaded (skylight-tabs.js loads it when needed)
    positive: positive,
    log: log,
    topicOf: topicOf,
    start: start,
  };
  var tab = /** @type {CrmConnect.SkylightTab} */ (shared);
  PARTS.forEach(function (name) {
    Object.assign(tab, parts[name](tab));
  });
  var state = tab.state;

  function log(level, message, extra) {
    if (tab.channel) {
      tab.channel.log(level, message, extra);
    }
  }

  function createChannel() {
    return core.create({
      name: NAME,
      origin: config.origin,
      target: function () {
        return tab.popup;
      },
      debug: config.debug,
      accept: function (data) {
        return typeof data.topic === "string" && data.topic.length > 0 && data.topic.length <= 300;
      },
      // Topics with limits of their own are keys of the channel's limits table; every other
      // message is "message". All are dispatched in skylight-popup.js, by topic and prefix.
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

  core.page.handle(core.page.priority.skylight, tab.onClick);

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
    var channel = (tab.channel = createChannel());
    channel.on("rejected", function (error) {
      tab.refused(error.reason, topicOf(error.data));
    });
    channel.on("message", tab.onPopupMessage);
    Object.keys(messageLimits).forEach(function (topic) {
      channel.on(topic, tab.onPopupMessage);
    });
    if (config.shareAcrossTabs !== false && typeof window.BroadcastChannel === "function") {
      try {
        tab.bus = new BroadcastChannel("crm-connect:skylight:" + config.origin + ":" + config.windowName);
        tab.bus.addEventListener("message", tab.onBus);
        window.addEventListener("pagehide", function () {
          if (state.role === "popup") {
            tab.broadcast({ kind: "bye" });
          }
        });
      } catch {
        tab.bus = null;
      }
    }
    tab.discover();
    window.removeEventListener("message", holdEarly);
    early.splice(0).forEach(function (event) {
      if (tab.popup && event.source === tab.popup) {
        window.dispatchEvent(new MessageEvent("message", { data: event.data, origin: event.origin, source: tab.popup }));
      }
    });
    tab.render();
    tab.events.emit("started", null, {});
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
    windowName: config.windowName,
    open: now(tab.open),
    close: now(tab.close),
    command: now(tab.command),
    dial: now(tab.dial),
    dumpState: now(tab.dumpState),
    on: tab.events.on,
    off: tab.events.off,
    state: now(tab.snapshot),
    replyTopic: now(tab.replyTopic),
    transitions: function () {
      return tab.TRANSITIONS.map(function (row) {
        return { event: row.event, from: row.from === "*" ? "*" : row.from.slice(), to: row.to };
      });
    },
    transition: tab.transition,
    _relay: tab.registerRelay,
    SkylightError: tab.SkylightError,
  };
})();
