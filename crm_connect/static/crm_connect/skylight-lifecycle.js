/*! django-crm-connect: Skylight's lifecycle: statuses, the table of the events that move
    between them, typed errors (docs/skylight.md). Put together by skylight.js. */
// @ts-check
(function (core) {
  "use strict";
  if (!core || !core.part) {
    return;
  }
  core.part("skylight", "lifecycle", function (tab) {
    var state = tab.state;

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

    // --- the lifecycle: statuses, the events that move between them, one transition --------

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

    // --- what a status change does ----------------------------------------------------------

    function snapshot() {
      return Object.assign(
        {
          status: state.status,
          role: state.role,
          reason: state.reason,
          lastError: state.lastError,
        },
        tab.counts()
      );
    }

    // Every status change: `event` moves the status by the table, or is logged and ignored.
    function move(event) {
      var status = transition(state.status, event);
      if (!status) {
        tab.log("debug", "ignored: " + event + " while " + state.status);
        return;
      }
      var previous = state.status;
      var reason = event.indexOf("relayed-") === 0 ? "relayed" : event;
      state.reason = reason;
      if (status === "ready") {
        state.lastError = null;
      }
      state.status = status;
      tab.render();
      if (previous !== status) {
        tab.log("debug", previous + " -> " + status + (reason ? " (" + reason + ")" : ""));
        tab.events.emit("state", snapshot(), { previous: previous });
      }
      if (state.role === "popup") {
        tab.broadcast({ kind: "state", status: status });
      }
      if (status === "ready") {
        tab.stopHandshakeTimer();
        settleWaiters(null);
        tab.flush();
      }
    }

    function fail(code, message, extra) {
      var error = SkylightError(code, message, extra);
      state.lastError = { code: code, message: message };
      tab.render();
      if (window.console) {
        console.warn("[crm-connect:skylight] " + message);
      }
      tab.events.emit("error", error.toJSON(), {});
      return error;
    }

    // open() promises: each resolves with the state once ready, or rejects with `error`.
    function settleWaiters(error) {
      var list = tab.waiters;
      tab.waiters = [];
      list.forEach(function (waiter) {
        if (error) {
          waiter.reject(error);
        } else {
          waiter.resolve(snapshot());
        }
      });
    }

    return {
      SkylightError: /** @type {CrmConnect.SkylightErrorConstructor} */ (/** @type {unknown} */ (SkylightError)),
      sdkError: sdkError,
      TRANSITIONS: TRANSITIONS,
      transition: transition,
      snapshot: snapshot,
      move: move,
      fail: fail,
      settleWaiters: settleWaiters,
    };
  });
})(window.crmConnect && window.crmConnect.channel);
