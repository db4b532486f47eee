/*! django-crm-connect: Skylight's cross-tab relay (docs/skylight.md, "Several tabs"),
    loaded by skylight.js when another tab holds, or may hold, the popup. */
// @ts-check
(function () {
  "use strict";
  var skylight = window.crmConnect && window.crmConnect.skylight;
  if (!skylight || !skylight._relay) {
    return;
  }
  skylight._relay(function (tab) {
    var core = tab.core;
    var state = tab.state;
    var broadcast = tab.broadcast;
    var SkylightError = tab.SkylightError;

    var remote = {}; // id -> {resolve, reject, timer} (commands relayed to the holder)
    var askedFor = null; // a holder heard of through its events, asked for its state once

    // The other tabs relay what Skylight sent: the largest of the per-topic limits.
    var busLimits = {};
    Object.keys(tab.messageLimits).forEach(function (topic) {
      var limits = core.isPlainObject(tab.messageLimits[topic]) ? tab.messageLimits[topic] : {};
      Object.keys(limits).forEach(function (name) {
        busLimits[name] = Math.max(busLimits[name] || 0, Number(limits[name]) || 0);
      });
    });

    function errorFromJson(json) {
      json = core.isPlainObject(json) ? json : {};
      return SkylightError(json.code === undefined ? "SDK_ERROR" : json.code, String(json.message || "Skylight error"), json);
    }

    function onBusMessage(event) {
      var message;
      try {
        message = core.sanitize(event.data, Object.assign({}, core.limits, busLimits));
      } catch (error) {
        var raw = core.isPlainObject(event.data) ? event.data : {};
        if (raw.to === tab.id && raw.kind === "result" && typeof raw.id === "string") {
          settleRemote({ id: raw.id, ok: false, error: { code: "MESSAGE_TOO_LARGE", message: "The relayed reply is over this page's limits (" + error.reason + ")" } });
        } else if (raw.kind === "event") {
          tab.fail("MESSAGE_TOO_LARGE", "A relayed Skylight message on " + tab.topicOf(raw.message) + " is over this page's limits (" + error.reason + ")", { topic: tab.topicOf(raw.message) });
        }
        return;
      }
      if (!core.isPlainObject(message) || typeof message.kind !== "string" || typeof message.from !== "string") {
        return;
      }
      var holder = state.role === "popup";
      switch (message.kind) {
        case "hello":
          if (holder) {
            broadcast({ kind: "state", status: state.status });
          }
          break;
        case "state":
          if (holder) {
            break; // this tab has its own popup
          }
          if (message.status === "closed") {
            if (tab.holder() === message.from || tab.holder() === null) {
              becomeRelay(null, "closed");
            }
          } else {
            becomeRelay(message.from, String(message.status));
          }
          break;
        case "bye":
          if (!holder && tab.holder() === message.from) {
            // The holder tab navigates (its next page takes the popup up again) or closes.
            tab.follow(null, "relay");
            tab.move("holder-left");
            tab.startHandshakeTimer(tab.handshakeTimeout, "The tab that held Skylight went away and no tab took it up again.");
          }
          break;
        case "event":
          if (!holder && core.isPlainObject(message.message) && typeof message.message.topic === "string") {
            if (tab.holder() !== message.from && askedFor !== message.from) {
              askedFor = message.from; // a holder this tab has not heard of: ask for its state
              broadcast({ kind: "hello" });
            }
            tab.dispatch(message.message.topic, message.message, { relayed: true });
          }
          break;
        case "command":
          if (holder && message.to === tab.id) {
            runRelayed(message);
          }
          break;
        case "result":
          if (message.to === tab.id) {
            settleRemote(message);
          }
          break;
        case "focus":
          if (holder) {
            tab.focus();
          }
          break;
      }
    }

    // Another tab holds Skylight (from: that tab) with `status`, or none does (from: null).
    function becomeRelay(from, status) {
      tab.follow(from, from ? "relay" : null);
      if (status === "ready" || status === "closed") {
        tab.stopHandshakeTimer();
      }
      if (status === "closed") {
        var error = SkylightError("CLOSED", "Skylight was closed in the tab that held it.");
        tab.move("closed-in-other-tab");
        tab.settleWaiters(error);
        tab.rejectAll(error);
      } else {
        tab.move("relayed-" + status); // a status the table does not know is logged, ignored
      }
    }

    // The holder runs a command another tab sent, and sends back its result.
    function runRelayed(message) {
      var reply = { kind: "result", to: message.from, id: message.id };
      var options = core.isPlainObject(message.options) ? message.options : {};
      if (typeof message.subModule === "string") {
        options.subModule = message.subModule;
      }
      var run =
        message.command === "dumpState" && !message.module
          ? tab.dumpState(options)
          : tab.command(message.module, message.command, message.data, options);
      run.then(
        function (value) {
          reply.ok = true;
          reply.value = value;
          broadcast(reply);
        },
        function (error) {
          reply.ok = false;
          reply.error = error && error.toJSON ? error.toJSON() : { code: "ERROR", message: String(error) };
          broadcast(reply);
        }
      );
    }

    function settleRemote(message) {
      var item = Object.prototype.hasOwnProperty.call(remote, message.id) ? remote[message.id] : null;
      if (!item) {
        return;
      }
      delete remote[message.id];
      clearTimeout(item.timer);
      if (message.ok) {
        item.resolve(message.value === undefined ? null : message.value);
      } else {
        item.reject(errorFromJson(message.error));
      }
    }

    // A command of this tab, sent to the holder tab; its result comes back as "result".
    function sendRemote(message, options, timeout, resolve, reject) {
      var id = tab.id + ":" + Math.random().toString(36).slice(2);
      remote[id] = {
        resolve: resolve,
        reject: reject,
        timer: setTimeout(function () {
          delete remote[id];
          reject(SkylightError("COMMAND_TIMEOUT", "No answer from the tab that holds Skylight within " + timeout + " ms"));
        }, timeout + 1000), // the holder's own timeout answers first
      };
      broadcast({
        kind: "command",
        to: tab.holder(),
        id: id,
        module: message.module,
        subModule: message.subModule,
        command: message.command,
        data: message.data,
        options: relayedOptions(options),
      });
    }

    function relayedOptions(options) {
      var relayed = {};
      ["topic", "timeout", "expectReply"].forEach(function (key) {
        if (options[key] !== undefined) {
          relayed[key] = options[key];
        }
      });
      return relayed;
    }

    return {
      onBusMessage: onBusMessage,
      sendRemote: sendRemote,
      pending: function () {
        return Object.keys(remote).length;
      },
      rejectAll: function (error) {
        var list = remote;
        remote = {};
        Object.keys(list).forEach(function (id) {
          clearTimeout(list[id].timer);
          list[id].reject(error);
        });
      },
    };
  });
})();
