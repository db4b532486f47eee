/*! django-crm-connect: the connector's interaction logs: stored, saved with retries, handed over
    when given up (docs/connector-features.md). Put together by connector-features.js. */
// @ts-check
(function (core) {
  "use strict";
  if (!core || !core.part) {
    return;
  }
  core.part("connector", "logs", function (kit) {
    var config = kit.config;
    var channel = kit.channel;
    var state = kit.state;
    var send = kit.send;
    var readStore = kit.readStore;
    var writeStore = kit.writeStore;
    var object = kit.object;
    var has = kit.has;
    var api = kit.api;
    var text = kit.text;
    var notifyError = kit.notifyError;
    var lookup = kit.lookup;
    var isPlainObject = core.isPlainObject;
    var urls = config.urls;

    // Interaction logs: stored first, then sent; retried with backoff on failures that
    // may pass, LOG_RETRY_LIMIT tries in all (over page loads); what is given up or
    // refused goes to the server's abandoned logs, and leaves this browser only then.
    var maxAttempts = config.logRetry.attempts; // tries per page load
    var limit = config.logRetry.limit; // tries in all
    var baseDelay = config.logRetry.delay;
    var EXPORT_TRIES = 3; // page loads that try to hand a given-up log over
    var inFlight = {};

    /** @type {{[id: string]: any}} */
    var memoryLogs = {}; // the same store, for when localStorage is unavailable
    var sequence = 0;

    function pendingLogs() {
      return Object.assign(readStore("localStorage", "pendingLogs"), memoryLogs);
    }
    function storeLog(id, entry) {
      var logs = readStore("localStorage", "pendingLogs");
      logs[id] = entry;
      delete memoryLogs[id];
      if (!writeStore("localStorage", "pendingLogs", logs)) {
        memoryLogs[id] = entry;
      }
    }
    function keepLog(id, data, extra) {
      storeLog(id, Object.assign({ data: data, version: Date.now() + "." + ++sequence, tries: 0 }, extra));
    }
    // Changes the stored entry of `id` if it is still `version` (not a newer save).
    function updateLog(id, version, changes) {
      var entry = object(pendingLogs()[id]);
      if (entry.version === version) {
        storeLog(id, Object.assign({}, entry, changes));
      }
    }
    function dropLog(id, version) {
      if (object(memoryLogs[id]).version === version) {
        delete memoryLogs[id];
      }
      var logs = readStore("localStorage", "pendingLogs");
      if (object(logs[id]).version === version) {
        delete logs[id];
        writeStore("localStorage", "pendingLogs", logs);
      }
    }

    function reasonOf(result) {
      var json = object(result.json);
      var parts = Object.keys(json).map(function (key) {
        return key + ": " + (Array.isArray(json[key]) ? json[key].join(" ") : String(json[key]));
      });
      return parts.length ? parts.join("; ") : "HTTP " + result.status;
    }

    // The vendor's flat fields (its utils.js, composeInteractionLog); duration: seconds
    // since START_TIME ("HH:MM:SS"), written "<n>-" as the vendor does.
    function logParameters(body) {
      var details = object(body.interactionData);
      var interaction = object(details.interaction);
      var start = object(interaction.intrinsics).START_TIME;
      var log = object(details.logDetails);
      var at = typeof start === "string" ? start.split(/[():]/).map(Number) : [];
      var now = new Date();
      var seconds = (now.getHours() - at[0]) * 3600 + (now.getMinutes() - at[1]) * 60 + (now.getSeconds() - at[2]);
      var fields = {
        interaction_type: log.subject,
        caller: details.updatedOriginatingAddress,
        called: details.updatedDestinationAddress,
        start_time: start,
        start_date: object(interaction.intrinsics).START_DATE,
        duration: isNaN(seconds) ? "" : ((seconds + 86400) % 86400) + "-",
        topic: interaction.topic,
        comments: log.comments,
      };
      (Array.isArray(log.customFields) ? log.customFields : []).forEach(function (field) {
        if (isPlainObject(field) && typeof field.logFieldName === "string" && field.logFieldName !== "__proto__") {
          fields[field.logFieldName] = field.currentValue;
        }
      });
      return fields;
    }

    // The vendor's answer (its crm.js): taskId is the interaction id; header is
    // data.header, a sibling of data.message (data.message.header as a fallback).
    function historyItem(id, data, saved) {
      var message = object(data.message);
      var item = Object.assign({}, data, {
        logParameters: logParameters(object(message.body)),
        msgData: { message: data.message, header: has(data, "header") ? data.header : message.header },
      });
      return { taskId: String(saved.interactionId || id), data: item };
    }

    function settle(id, version) {
      delete inFlight[id];
      var newer = pendingLogs()[id];
      if (newer && newer.version !== version && !newer.gaveUp) {
        saveLog(id, 1); // the connector sent a newer version meanwhile
      }
    }

    // Hands a given-up log to the server (the admin's abandoned logs); it leaves this
    // browser only once the server has it. Tried on EXPORT_TRIES page loads at most.
    function exportLog(id, entry, tell) {
      var version = entry.version;
      inFlight[id] = version;
      updateLog(id, version, { exports: (Number(entry.exports) || 0) + 1 });
      var body = { interactionId: id, reason: String(entry.reason || ""), attempts: Number(entry.tries) || 0, data: entry.data };
      function done(exported) {
        if (exported) {
          dropLog(id, version);
        }
        channel.emit("logAbandoned", { interactionId: id, reason: body.reason, exported: exported });
        if (tell) {
          notifyError(text(exported ? "logAbandoned" : "logKept", { id: id }), text("logFailedTitle"));
        }
        settle(id, version);
      }
      api("POST", urls.abandonedLogs, body).then(function (result) {
        done(result.ok);
      }, function () {
        done(false);
      });
    }
    function abandon(id, version, reason, tell) {
      updateLog(id, version, { gaveUp: true, reason: reason });
      var entry = object(pendingLogs()[id]);
      if (entry.version === version) {
        exportLog(id, entry, tell);
      } else {
        settle(id, version);
      }
    }

    // One save of the newest data for `id`; backs off and tries again on failures that
    // may pass (network, 408, 409, 429, 5xx), LOG_RETRY_ATTEMPTS times per page load and
    // LOG_RETRY_LIMIT times in all; then the log is given up (and exported).
    function saveLog(id, attempt) {
      var entry = pendingLogs()[id];
      if (!entry || !isPlainObject(entry.data)) {
        delete inFlight[id];
        return;
      }
      if (entry.gaveUp) {
        if ((Number(entry.exports) || 0) < EXPORT_TRIES) {
          exportLog(id, entry, true);
        }
        return;
      }
      var data = entry.data;
      var version = entry.version;
      var tries = (Number(entry.tries) || 0) + 1;
      inFlight[id] = version;
      updateLog(id, version, { tries: tries });
      function giveUp(event, reason, line) {
        channel.emit(event, { interactionId: id, reason: reason });
        notifyError(line || text("logFailed", { id: id }), text("logFailedTitle"));
      }
      function again(reason) {
        state.logFailures++;
        if (tries >= limit) {
          abandon(id, version, reason, true);
        } else if (attempt < maxAttempts) {
          channel.emit("logRetry", { interactionId: id, attempt: attempt, reason: reason });
          setTimeout(function () {
            saveLog(id, attempt + 1);
          }, baseDelay * Math.pow(2, attempt - 1));
        } else {
          delete inFlight[id];
          giveUp("logFailed", reason); // kept: the next page load tries again
        }
      }
      api("POST", urls.interactionLogs, { data: data }).then(function (result) {
        var status = result.status;
        var saved = object(result.json);
        if (result.ok && saved.id !== undefined) {
          dropLog(id, version);
          state.logsSaved++;
          var item = historyItem(id, data, saved);
          send("createHistoryItem", item);
          channel.emit("logSaved", { interactionId: id, taskId: item.taskId, id: String(saved.id) });
          settle(id, version);
        } else if (!status || status === 408 || status === 409 || status === 429 || status >= 500) {
          again("HTTP " + status); // 409: a save that collided; never a reason to drop
        } else if (status === 401 || status === 403) {
          // Signed out or a stale CSRF token: kept for the next page load.
          delete inFlight[id];
          giveUp("logFailed", reasonOf(result));
        } else if (status === 413 || !isPlainObject(result.json)) {
          // Too large for the server (Django answers 400 without JSON): kept for export.
          if (object(pendingLogs()[id]).version === version) {
            keepForExport(id, JSON.stringify(data), "HTTP " + status);
          }
          settle(id, version);
        } else {
          // The CRM refused this log for good (invalid): no more tries; the agent is
          // told why, and the log goes to the abandoned logs for the administrator.
          console.error("[crm-connect:connector] interaction log refused", data, result.json);
          giveUp("logRejected", reasonOf(result), text("logRejected", { id: id || "?", reason: reasonOf(result) }));
          abandon(id, version, reasonOf(result), false);
        }
      }, function (error) {
        again(String((error && error.message) || error));
      });
    }

    function sendPendingLogs() {
      Object.keys(pendingLogs()).forEach(function (id) {
        if (!inFlight[id]) {
          saveLog(id, 1);
        }
      });
    }

    // Logs left from earlier (failed saves, a navigation mid-save) go out when connected.
    channel.on("connected", sendPendingLogs);
    if (state.status === "connected") {
      sendPendingLogs();
    }

    // requestSaveInteractionLog: stored first, then saved.
    function saveAction(message) {
      // Without an interaction id the server refuses it with field errors, which
      // reach the agent; it is keyed by "" meanwhile.
      var data = object(message.data);
      var id = lookup(data, "message.body.interactionId");
      id = typeof id === "string" || typeof id === "number" ? String(id) : "";
      keepLog(id, data);
      if (!inFlight[id]) {
        saveLog(id, 1);
      } // else: the save in flight sends this newer version when it settles
    }

    // A log too large for channel.js: kept as JSON text (unchecked data) for export.
    function rejected(error) {
      if (error.key === "requestSaveInteractionLog") {
        var id = lookup(error.data, "data.message.body.interactionId");
        id = typeof id === "string" || typeof id === "number" ? String(id).slice(0, 200) : "";
        var json = null;
        try {
          json = JSON.stringify(error.data.data);
        } catch {
          // a cycle: nothing to keep
        }
        keepForExport(id, json, error.reason);
      }
    }
    function keepForExport(id, json, reason) {
      keepLog(id, null, { json: json, reason: reason });
      channel.emit("logTooLarge", { interactionId: id, reason: reason });
      notifyError(text("logTooLarge", { id: id || "?", reason: reason }), text("logFailedTitle"));
    }

    return {
      memoryLogs: memoryLogs,
      rejected: rejected,
      saveAction: saveAction,
      exportLogs: function () {
        var logs = pendingLogs();
        return Object.keys(logs).map(function (id) {
          var entry = logs[id];
          return { interactionId: id, json: entry.json || JSON.stringify(entry.data), reason: entry.reason || "" };
        });
      },
      discardLog: function (id) {
        var entry = object(pendingLogs()[id]);
        dropLog(id, entry.version);
        return !!entry.version;
      },
    };
  });
})(window.crmConnect && window.crmConnect.channel);
