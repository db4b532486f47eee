/*! django-crm-connect: Skylight and this CRM's other tabs: which holds the popup, the bus, when
    skylight-relay.js loads (docs/skylight.md, "Several tabs"). Put together by skylight.js. */
// @ts-check
(function (core) {
  "use strict";
  if (!core || !core.part) {
    return;
  }
  core.part("skylight", "tabs", function (tab) {
    var DISCOVERY_MS = 1000; // how long a tab waits for the recorded holder tab to answer

    var config = tab.config;
    var state = tab.state;
    // Which tab holds the popup, for every tab of this origin to read synchronously (a click
    // must decide at once whether to open a window or use the other tab's).
    var holderKey = "crm-connect:skylight-holder:" + config.origin + ":" + config.windowName;

    // The holder tab's id in localStorage (storage disabled: tabs learn of it over the bus only).
    function markHolder(holding) {
      if (holding) {
        core.write("localStorage", holderKey, tab.id);
      } else {
        forgetHolder(tab.id);
      }
    }

    function forgetHolder(id) {
      if (core.read("localStorage", holderKey) === id) {
        core.write("localStorage", holderKey, null);
      }
    }

    function recordedHolder() {
      var id = core.read("localStorage", holderKey);
      return typeof id === "string" && id && id !== tab.id ? id : null;
    }

    // Keys with undefined values would make the receiving tab reject the whole message.
    function broadcast(message) {
      if (!tab.bus) {
        return;
      }
      var clean = { from: tab.id };
      Object.keys(message).forEach(function (key) {
        if (message[key] !== undefined) {
          clean[key] = message[key];
        }
      });
      try {
        tab.bus.postMessage(clean);
      } catch (error) {
        tab.log("warn", "not relayed to other tabs", error);
      }
    }

    // skylight-relay.js: loaded when first needed (needRelay), never on a page that neither
    // holds the popup, nor finds a recorded holder, nor hears another tab's Skylight. Until it
    // has loaded, what comes over the bus waits in `inbox`, in order.
    /** @type {Promise<void> | null} */
    var relayLoading = null; // skylight-relay.js on its way (core.load: with this page's nonce)
    /** @type {MessageEvent[]} */
    var inbox = [];

    function onBus(/** @type {MessageEvent} */ event) {
      if (tab.relay) {
        tab.relay.onBusMessage(event);
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
      if (tab.relay || relayLoading || !tab.bus) {
        return;
      }
      var done = function () {
        relayLoading = null;
        if (!tab.relay) {
          relayFailed(config.relayUrl);
        }
      };
      relayLoading = core.load(config.relayUrl).then(done, done);
    }

    // Not loaded: what waited for another tab fails with RELAY_UNAVAILABLE, nothing waits on
    // (the next need loads it again); a popup this tab holds works on, for this tab only.
    function relayFailed(url) {
      inbox = [];
      var error = tab.fail("RELAY_UNAVAILABLE", "The Skylight relay " + url + " did not load: this tab cannot use Skylight through another tab, nor lend its own.");
      if (state.role === "popup") {
        return;
      }
      tab.discovering = false;
      tab.holderId = null;
      state.role = null;
      tab.move("relay-unavailable");
      tab.settleWaiters(error);
      tab.rejectAll(error);
    }

    // Called by skylight-relay.js once loaded: what it may use of this tab's lifecycle.
    function registerRelay(/** @type {CrmConnect.SkylightRelaySetup} */ setup) {
      if (tab.relay) {
        return;
      }
      tab.relay = setup({
        id: tab.id,
        core: core,
        state: state,
        messageLimits: config.messageLimits,
        handshakeTimeout: config.handshakeTimeout,
        SkylightError: tab.SkylightError,
        broadcast: broadcast,
        dispatch: tab.events.emit,
        fail: tab.fail,
        move: tab.move,
        topicOf: tab.topicOf,
        settleWaiters: tab.settleWaiters,
        rejectAll: tab.rejectAll,
        startHandshakeTimer: tab.startHandshakeTimer,
        stopHandshakeTimer: tab.stopHandshakeTimer,
        command: tab.command,
        dumpState: tab.dumpState,
        holder: function () {
          return tab.holderId;
        },
        follow: function (from, role) {
          tab.holderId = from;
          state.role = role;
          tab.discovering = false;
        },
        focus: function () {
          if (tab.popup) {
            tab.popup.focus();
          }
        },
      });
      inbox.splice(0).forEach(function (event) {
        /** @type {CrmConnect.SkylightRelay} */ (tab.relay).onBusMessage(event);
      });
    }

    // At start: take up a popup this tab held, or ask the other tabs which one holds one.
    function discover() {
      if (!tab.reconnect() && tab.bus) {
        broadcast({ kind: "hello" }); // a tab that holds Skylight answers with its state
        var recorded = recordedHolder();
        if (recorded) {
          // Until that tab answers, commands wait and open() does not open a second window.
          tab.discovering = true;
          needRelay(); // its answer is for the relay to read
          setTimeout(function giveUp() {
            if (relayLoading) {
              // The answer may be waiting for the relay: decide once it has read it.
              relayLoading.then(giveUp);
              return;
            }
            if (!tab.discovering) {
              return;
            }
            tab.discovering = false;
            forgetHolder(recorded); // that tab is gone without a word
            var error = tab.SkylightError("CLOSED", "No tab holds Skylight any more. Open it again.");
            tab.settleWaiters(error);
            tab.rejectAll(error);
          }, DISCOVERY_MS);
        }
      }
    }

    return {
      markHolder: markHolder,
      forgetHolder: forgetHolder,
      broadcast: broadcast,
      onBus: onBus,
      needRelay: needRelay,
      registerRelay: registerRelay,
      discover: discover,
    };
  });
})(window.crmConnect && window.crmConnect.channel);
