/*! django-crm-connect: the connector features (docs/connector-features.md), loaded by
    connector.js when first needed. */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var connector = root && root.connector;
  // channel-page.js: connector.js loads it first
  var page = root && root.channel.page;
  if (!connector || !connector._register || !page) {
    return;
  }
  connector._register(function (core) {
    var config = core.config;
    var channel = core.channel;
    var state = core.state;
    var send = core.send;
    var fail = core.fail;
    var readStore = core.readStore;
    var isPlainObject = root.channel.isPlainObject;
    var safeUrl = page.safeUrl;

    /** @return {any} data from the peer or storage, checked where it is read */
    function object(value) {
      return isPlainObject(value) ? value : {};
    }
    function has(value, name) {
      return Object.prototype.hasOwnProperty.call(value, name);
    }
    /** @param {"localStorage" | "sessionStorage"} area */
    function writeStore(area, name, value) {
      if (root.channel.write(area, core.key(name), value)) {
        return true;
      }
      channel.log("warn", area + " unavailable");
      return false;
    }

    var urls = config.urls;
    var texts = config.texts;

    function text(name, values) {
      return String(has(texts, name) ? texts[name] : name).replace(/\{(\w+)\}/g, function (match, key) {
        return values && has(values, key) ? String(values[key]) : match;
      });
    }

    // The CRM's API: same origin, session cookie, CSRF token on writes
    function api(method, url, body) {
      var headers = { Accept: "application/json" };
      /** @type {RequestInit} */
      var init = { method: method, credentials: "same-origin", headers: headers };
      if (body) {
        headers["Content-Type"] = "application/json";
        headers[config.csrfHeader] = config.csrfToken;
        init.body = JSON.stringify(body);
      }
      return fetch(url, init).then(function (response) {
        function done(json) {
          return { ok: response.ok, status: response.status, json: json };
        }
        return response.json().then(done, function () {
          return done(null);
        });
      });
    }

    function openUrl(url) {
      var target = safeUrl(url);
      if (target) {
        channel.emit("navigate", { url: target });
        page.visit(target);
      }
      return !!target;
    }

    // Notifications
    var TYPES = ["transient", "okDialog", "okCancelDialog", "fixedDialog", "html"];
    var SEVERITIES = ["EVENT", "INFO", "WARNING", "ERROR", "CRITICAL", "SUCCESS"];
    var severityKeys = config.notifications.severityKeys;
    var nextDialogId = 1;

    function check(ok, message) {
      if (!ok) {
        throw new TypeError("notify(): " + message);
      }
    }

    function notify(options) {
      check(isPlainObject(options), "takes an object");
      var type = options.type === undefined ? "transient" : options.type;
      check(TYPES.indexOf(type) >= 0, "type must be one of " + TYPES);
      var severity = options.severity === undefined ? "INFO" : options.severity;
      check(SEVERITIES.indexOf(severity) >= 0, "severity must be one of " + SEVERITIES);
      var lines = options.textArray !== undefined ? options.textArray : options.text !== undefined ? [options.text] : null;
      check(
        Array.isArray(lines) && lines.length && lines.every(function (line) {
          return typeof line === "string";
        }),
        "textArray must be a non-empty array of strings (or give text)"
      );
      check(options.title === undefined || typeof options.title === "string", "title must be a string");
      var dialogId = options.dialogId === undefined ? nextDialogId++ : options.dialogId;
      check(Number.isInteger(dialogId), "dialogId must be an integer");
      var data = {
        type: type,
        textArray: lines.slice(),
        title: options.title || "",
        dialogId: dialogId,
        persist: !!options.persist,
        store: !!options.store,
      };
      severityKeys.forEach(function (name) {
        data[name] = severity;
      });
      return send("displayErrorNotification", data);
    }

    function notifyError(line, title) {
      notify({ type: "okDialog", severity: "ERROR", title: title || "", textArray: [line] });
    }
    function failed(what) {
      return function (error) {
        fail(error);
        notifyError(text(what));
      };
    }

    // Directory
    function directory() {
      api("GET", urls.directory)
        .then(function (result) {
          if (!result.ok || !isPlainObject(result.json)) {
            throw new Error("directory request failed with HTTP " + result.status);
          }
          send("crmDirectory", result.json);
        })
        .catch(failed("directoryFailed"));
    }

    // Click-to-dial
    var HINT = "crm-connect-dial-hint";

    function showClickToDial() {
      document.documentElement.setAttribute("data-crm-connect-click-to-dial", state.clickToDial ? "on" : "off");
      var links = document.querySelectorAll("a[data-crm-connect-dial]");
      for (var i = 0; i < links.length; i++) {
        if (state.clickToDial) {
          links[i].setAttribute("aria-describedby", HINT);
        } else if (links[i].getAttribute("aria-describedby") === HINT) {
          links[i].removeAttribute("aria-describedby");
        }
      }
      if (!document.getElementById(HINT)) {
        var hint = document.createElement("span");
        hint.id = HINT;
        hint.hidden = true;
        hint.textContent = text("dialHint");
        document.body.appendChild(hint);
      }
    }

    function setClickToDial(enabled) {
      state.clickToDial = !!enabled;
      writeStore("sessionStorage", "clickToDial", { enabled: state.clickToDial });
      showClickToDial();
      channel.emit("clickToDial", { enabled: state.clickToDial });
      return state.clickToDial;
    }

    function clickToDialResponse(link) {
      function attribute(name) {
        return link.getAttribute("data-record-" + name) || "";
      }
      var number = page.numberOf(link);
      var id = attribute("id");
      var name = attribute("name");
      var email = attribute("email");
      var url = safeUrl(attribute("url")) || "";
      var type = link.getAttribute("data-object-type") || "";
      // The vendor's shape: createCTDMessage in its sample's src/javascripts/utils/utils.js
      var result = { number: number, objectType: type, recordId: id, recordName: name, email: email, url: url };
      return {
        onClickToDialResponse: result,
        clickToDialLogDetails: { id: id, name: name, personAccount: true, type: type },
        softphoneItems: [],
        doNotCall: false,
        crmEmails: email,
        crmPhones: [number],
        nameObjects: null,
        relatedToObjects: [{ isName: false, isRelatedTo: true, pageInfo: { recordId: id, url: url, recordName: name, objectType: type } }],
        pageInfo: Object.assign({}, result),
      };
    }

    // asked after Skylight and UCP (channel-page.js)
    page.handle(page.priority.connector, function (event) {
      var target = /** @type {Element} */ (event.target);
      var link = state.clickToDial && target.closest && target.closest("a[data-crm-connect-dial]");
      if (!link || !page.numberOf(link)) {
        return false;
      }
      var data = clickToDialResponse(link);
      var dialed = data.pageInfo;
      if (dialed.recordId && dialed.url) {
        // Remembered for requestNavigateToClickToDialResult: the last 50 in this tab.
        var urlsById = readStore("sessionStorage", "dialed");
        urlsById[dialed.recordId] = dialed.url;
        var ids = Object.keys(urlsById);
        if (ids.length > 50) {
          delete urlsById[ids[0]];
        }
        writeStore("sessionStorage", "dialed", urlsById);
      }
      send("clickToDialResponse", data);
      return true;
    });

    function navigateToResult(message) {
      var data = object(message.data);
      var id = typeof data.recordId === "number" ? String(data.recordId) : data.recordId;
      if (typeof id !== "string" || !id || id.length > 64) {
        channel.log("debug", "requestNavigateToClickToDialResult without a recordId", data);
        return;
      }
      if (openUrl(readStore("sessionStorage", "dialed")[id])) {
        return;
      }
      api("GET", String(urls.record).replace("__id__", encodeURIComponent(id))).then(function (result) {
        if (!result.ok || !openUrl(object(result.json).url)) {
          notifyError(text("recordNotFound"));
        }
      }, failed("recordNotFound"));
    }

    // Screen pop
    var POP_ID_TTL = 12 * 3600 * 1000; // an identified interaction: never twice in a shift
    var POP_ANI_TTL = 2 * 60 * 1000; // numbers only: the same call, re-sent after a reload
    var popKeys = config.screenPopKeys;

    function lookup(data, path) {
      var parts = path.split(".");
      for (var i = 0; i < parts.length; i++) {
        if (!isPlainObject(data) || !has(data, parts[i])) {
          return undefined;
        }
        data = data[parts[i]];
      }
      return data;
    }

    function popKey(data, numbers) {
      for (var i = 0; i < popKeys.length; i++) {
        var value = lookup(data, String(popKeys[i]));
        if ((typeof value === "string" && value) || typeof value === "number") {
          return { key: "id:" + value, ttl: POP_ID_TTL };
        }
      }
      return { key: "ani:" + numbers, ttl: POP_ANI_TTL };
    }

    // Claims the pop; false when it was popped already (in this or another tab).
    function claimPop(pop) {
      var now = Date.now();
      var pops = readStore("localStorage", "screenPops");
      var kept = {};
      Object.keys(pops).forEach(function (key) {
        if (object(pops[key]).until > now) {
          kept[key] = pops[key];
        }
      });
      if (has(kept, pop.key)) {
        return false;
      }
      var keys = Object.keys(kept);
      while (keys.length >= 200) {
        delete kept[keys.shift()];
      }
      kept[pop.key] = { until: now + pop.ttl };
      writeStore("localStorage", "screenPops", kept);
      return true;
    }
    function releasePop(pop) {
      var pops = readStore("localStorage", "screenPops");
      delete pops[pop.key];
      writeStore("localStorage", "screenPops", pops);
    }

    function screenPop(message) {
      var data = object(message.data);
      var numbers = (Array.isArray(data.aniValues) ? data.aniValues : [])
        .filter(function (value) {
          return (typeof value === "string" && value.trim() && value.length <= 64) || typeof value === "number";
        })
        .map(function (value) {
          return String(value).trim();
        })
        .slice(0, 10);
      if (!numbers.length) {
        channel.log("debug", "screen pop without aniValues", data);
        return;
      }
      var pop = popKey(data, numbers);
      if (!claimPop(pop)) {
        channel.emit("screenPopSuppressed", { key: pop.key });
        return;
      }
      var query = numbers.map(function (number) {
        return "number=" + encodeURIComponent(number);
      });
      api("GET", urls.phoneSearch + "?" + query.join("&"))
        .then(function (result) {
          var found = object(result.json);
          var records = found.results;
          if (!result.ok || !Array.isArray(records)) {
            throw new Error("phone search failed with HTTP " + result.status);
          }
          var shown = (found.numbers && found.numbers[0]) || numbers[0];
          channel.emit("screenPop", { key: pop.key, matches: records.length });
          if (records.length === 1) {
            openUrl(records[0].url);
          } else {
            channel.emit("dialog", { kind: page.showRecords(shown, records, found.createUrl, text) });
          }
        })
        .catch(function (error) {
          releasePop(pop); // not popped: the connector may ask again
          failed("searchFailed")(error);
        });
    }

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

    // Custom fields
    function customFields(message) {
      var wanted = object(object(message.data).object);
      var all = config.customFields;
      var response = {};
      // Names matched case-insensitively, answered with our key (the vendor's zendesk.js)
      ["voice", "digital"].forEach(function (kind) {
        var fields = object(all[kind]);
        var names = (Array.isArray(wanted[kind]) ? wanted[kind] : Object.keys(fields)).join("\n").toLowerCase().split("\n");
        response[kind] = {};
        Object.keys(fields).forEach(function (key) {
          if (names.indexOf(key.toLowerCase()) >= 0) {
            response[kind][key] = fields[key];
          }
        });
      });
      send("customFieldsDataResponse", JSON.stringify(response));
    }

    state.clickToDial = !!readStore("sessionStorage", "clickToDial").enabled;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", showClickToDial);
    } else {
      showClickToDial();
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

    connector.exportLogs = function () {
      var logs = pendingLogs();
      return Object.keys(logs).map(function (id) {
        var entry = logs[id];
        return { interactionId: id, json: entry.json || JSON.stringify(entry.data), reason: entry.reason || "" };
      });
    };
    connector.discardLog = function (id) {
      var entry = object(pendingLogs()[id]);
      dropLog(id, entry.version);
      return !!entry.version;
    };

    return {
      rejected: rejected,
      memoryLogs: memoryLogs,
      notify: notify,
      setClickToDial: setClickToDial,
      openWindow: function () {
        throw Object.assign(new Error("the connector is docked"), { code: "NOT_WINDOW_MODE" });
      },
      actions: {
        requestGetCrmDirectory: directory,
        requestGetCRMDirectory: directory, // the vendor's prose spells it so
        requestEnableClickToDial: function (message) {
          var enabled = object(message.data).isEnabled;
          setClickToDial(enabled === true || enabled === "true");
        },
        requestNavigateToClickToDialResult: navigateToResult,
        requestPerformInteractionScreenPop: screenPop,
        requestSaveInteractionLog: function (message) {
          // Without an interaction id the server refuses it with field errors, which
          // reach the agent; it is keyed by "" meanwhile.
          var data = object(message.data);
          var id = lookup(data, "message.body.interactionId");
          id = typeof id === "string" || typeof id === "number" ? String(id) : "";
          keepLog(id, data);
          if (!inFlight[id]) {
            saveLog(id, 1);
          } // else: the save in flight sends this newer version when it settles
        },
        requestCustomFieldsValues: customFields,
        requestOpenReports: function () {
          if (!openUrl(urls.reports)) {
            channel.log("debug", "requestOpenReports: no REPORTS_URL configured");
          }
        },
      },
    };
  });
})();
