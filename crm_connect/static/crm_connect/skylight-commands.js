/*! django-crm-connect: Skylight's commands: reply topics (skylight-sdk.json), the queue until
    the handshake, replies by topic (docs/skylight.md). Put together by skylight.js. */
// @ts-check
(function (core) {
  "use strict";
  if (!core || !core.part) {
    return;
  }
  core.part("skylight", "commands", function (tab) {
    var STATE_TOPIC = "cxengage/state";

    var config = tab.config;
    var state = tab.state;
    var overrides = config.replyTopicOverrides; // SKYLIGHT_REPLY_TOPICS, over the SDK table
    var queue = []; // commands waiting for "ready": {send, reject}
    var pending = {}; // topic -> [{resolve, reject, timer}] (commands sent, FIFO per topic)

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
            throw tab.fail(
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
      } else if (state.status === "closed" && !tab.discovering && !tab.waiters.length) {
        reject(tab.SkylightError("CLOSED", "Skylight is not open. Open it first (crmConnect.skylight.open())."));
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
      if (tab.relay) {
        tab.relay.rejectAll(error);
      }
    }

    function counts() {
      return {
        queued: queue.length + lookups,
        pending: Object.keys(pending).reduce(function (sum, topic) {
          return sum + pending[topic].length;
        }, 0) + (tab.relay ? tab.relay.pending() : 0),
      };
    }

    // The first command waiting on the topic of `message` settles with it.
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
        item.reject(tab.sdkError(message));
      } else {
        item.resolve(message.response === undefined ? null : message.response);
      }
    }

    // The popup sent a message over its limits: never silent. The command waiting for it
    // rejects, the page gets an "error" event.
    function refused(reason, topic) {
      var error = tab.fail("MESSAGE_TOO_LARGE", "Skylight sent a message" + (topic ? " on " + topic : "") + " that is over this page's limits (" + reason + "); it was not read.", { topic: topic });
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

    function execute(message, topic, options, label) {
      var timeout = tab.positive(options.timeout, config.commandTimeout);
      var expectReply = options.expectReply !== false;
      return new Promise(function (resolve, reject) {
        whenSendable(function () {
          if (state.role === "relay") {
            /** @type {CrmConnect.SkylightRelay} */ (tab.relay).sendRemote(message, options, timeout, resolve, reject);
            return;
          }
          var item = { resolve: resolve, reject: reject, timer: null };
          if (expectReply && topic) {
            (pending[topic] = pending[topic] || []).push(item);
          }
          if (!tab.channel.post(message)) {
            if (topic && pending[topic]) {
              pending[topic].splice(pending[topic].indexOf(item), 1);
            }
            reject(tab.SkylightError("CLOSED", "The Skylight window is not there."));
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
            reject(tab.SkylightError("COMMAND_TIMEOUT", "No reply to " + label + " within " + timeout + " ms " + hint, { topic: topic }));
          }, timeout);
        }, reject);
      });
    }

    // command("interactions", "dial", data, {subModule: "voice"}) or
    // command("interactions.voice", "dial", data); options: subModule, topic, timeout, expectReply.
    function command(module, name, data, options) {
      options = core.isPlainObject(options) ? options : {};
      if (typeof module !== "string" || !module || typeof name !== "string" || !name) {
        return Promise.reject(tab.SkylightError("INVALID_ARGUMENT", "command(module, command, data, options) needs a module and a command name"));
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
        return Promise.reject(tab.SkylightError("INVALID_ARGUMENT", "command data must be plain JSON-like data: " + (error.reason || error)));
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

    return {
      prefetchSdk: prefetchSdk,
      replyTopic: replyTopic,
      flush: flush,
      rejectAll: rejectAll,
      counts: counts,
      resolveReply: resolveReply,
      refused: refused,
      command: command,
      dumpState: dumpState,
      dial: dial,
    };
  });
})(window.crmConnect && window.crmConnect.channel);
