/*! django-crm-connect: the CRM Connector iframe protocol (CRM page side). */
(function () {
  "use strict";
  var root = window.crmConnect;
  var config = root && root.channel && root.channel.readConfig("crm-connect-connector-config");
  if (!config || root.connector || typeof config.origin !== "string" || !config.origin) {
    return;
  }

  var frame = null;
  function frameWindow() {
    frame = frame && frame.isConnected ? frame : document.getElementById(config.iframeId);
    return frame ? frame.contentWindow : null;
  }

  var channel = root.channel.create({
    name: "connector",
    origin: config.origin,
    target: frameWindow,
    debug: config.debug,
    accept: function (data) {
      return data.type === "CRMConnectMessage" && typeof data.action === "string" && data.action.length > 0 && data.action.length <= 100;
    },
    key: function (data) {
      return data.action;
    },
  });

  var state = { status: "waiting", ready: 0, crmDataSent: 0, lastError: null, logsSaved: 0, logFailures: 0 };

  function send(action, data) {
    if (typeof action !== "string" || !action) {
      throw new TypeError("send(action, data) needs an action name");
    }
    return channel.post({ type: "ClientAppMessage", action: action, data: data === undefined ? {} : data });
  }

  // crmData comes from the page when inlined; otherwise from the endpoint, once.
  var pending = null;
  function loadCrmData() {
    if (config.crmData) {
      return Promise.resolve(config.crmData);
    }
    if (!pending) {
      pending = fetch(config.crmDataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("crmData request failed with HTTP " + response.status);
          }
          return response.json();
        })
        .catch(function (error) {
          pending = null; // the next requestCrmData tries again
          throw error;
        });
    }
    return pending;
  }

  function fail(error) {
    state.lastError = String(error && error.message ? error.message : error);
    channel.emit("error", { message: state.lastError });
    if (window.console) {
      console.warn("[crm-connect:connector] " + state.lastError);
    }
  }

  channel.on("ready", function () {
    state.ready++;
    if (state.status === "waiting") {
      state.status = "acknowledged";
    }
    send("ready");
  });

  channel.on("requestCrmData", function () {
    loadCrmData().then(function (data) {
      if (send("crmData", data)) {
        state.crmDataSent++;
        state.status = "connected";
        channel.emit("connected", data);
      }
    }, fail);
  });

  var timeout = Number(config.handshakeTimeout) || 0;
  if (timeout > 0) {
    setTimeout(function () {
      if (state.ready === 0) {
        state.status = "timeout";
        fail(new Error("no ready message from " + config.origin + " within " + timeout + " ms: is the connector URL right, and does frame-src allow it?"));
        channel.emit("timeout", { origin: config.origin });
      }
    }, timeout);
  }

  // ===================================================================================
  // After the handshake: directory, click-to-dial, screen pop, interaction logs,
  // custom fields, notifications, reports (docs/connector-features.md).
  // ===================================================================================
  var isPlainObject = root.channel.isPlainObject;
  var urls = isPlainObject(config.urls) ? config.urls : {};
  var texts = isPlainObject(config.texts) ? config.texts : {};
  var userKey = String(config.userId || "anonymous");

  function text(name, values) {
    var template = typeof texts[name] === "string" ? texts[name] : name;
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  // --- storage that never throws (private mode, quota, disabled storage) --------------
  function readStore(store, key, fallback) {
    try {
      var value = JSON.parse(window[store].getItem(key) || "null");
      return isPlainObject(value) ? value : fallback;
    } catch (error) {
      return fallback;
    }
  }
  function writeStore(store, key, value) {
    try {
      window[store].setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      channel.log("warn", store + " unavailable: " + error);
      return false;
    }
  }

  // --- the CRM's API: same origin, session cookie, CSRF token on writes ----------------
  function api(method, url, body) {
    var headers = { Accept: "application/json" };
    var init = { method: method, credentials: "same-origin", headers: headers };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers[config.csrfHeader || "X-CSRFToken"] = config.csrfToken || "";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      return response.json().then(
        function (json) {
          return { ok: response.ok, status: response.status, json: json };
        },
        function () {
          return { ok: response.ok, status: response.status, json: null };
        }
      );
    });
  }

  // Only http(s) URLs are followed: never javascript: or data: from a message.
  function safeUrl(url) {
    if (typeof url !== "string" || !url) {
      return null;
    }
    try {
      var parsed = new URL(url, location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (error) {
      return null;
    }
  }
  function openUrl(url) {
    var target = safeUrl(url);
    if (target) {
      channel.emit("navigate", { url: target });
      location.assign(target);
    }
    return !!target;
  }

  // --- notifications -------------------------------------------------------------------
  var notifications = isPlainObject(config.notifications) ? config.notifications : {};
  var TYPES = notifications.types || ["transient", "okDialog", "okCancelDialog", "fixedDialog", "html"];
  var SEVERITIES = notifications.severities || ["EVENT", "INFO", "WARNING", "ERROR", "CRITICAL", "SUCCESS"];
  var SEVERITY_KEYS = notifications.severityKeys || ["severity"];
  var nextDialogId = 1;

  // crmConnect.connector.notify({type, severity, textArray | text, title, dialogId, persist, store})
  function notify(options) {
    if (!isPlainObject(options)) {
      throw new TypeError("notify() takes an object");
    }
    var type = options.type === undefined ? "transient" : options.type;
    if (TYPES.indexOf(type) < 0) {
      throw new TypeError("notify(): type must be one of " + TYPES.join(", "));
    }
    var severity = options.severity === undefined ? "INFO" : options.severity;
    if (SEVERITIES.indexOf(severity) < 0) {
      throw new TypeError("notify(): severity must be one of " + SEVERITIES.join(", "));
    }
    var lines = options.textArray !== undefined ? options.textArray : options.text !== undefined ? [options.text] : null;
    if (!Array.isArray(lines) || !lines.length || !lines.every(function (line) { return typeof line === "string"; })) {
      throw new TypeError("notify(): textArray must be a non-empty array of strings (or give text)");
    }
    if (options.title !== undefined && typeof options.title !== "string") {
      throw new TypeError("notify(): title must be a string");
    }
    var dialogId = options.dialogId === undefined ? nextDialogId++ : options.dialogId;
    if (typeof dialogId !== "number" || Math.floor(dialogId) !== dialogId) {
      throw new TypeError("notify(): dialogId must be an integer");
    }
    var data = {
      type: type,
      textArray: lines.slice(),
      title: options.title || "",
      dialogId: dialogId,
      persist: !!options.persist,
      store: !!options.store,
    };
    for (var i = 0; i < SEVERITY_KEYS.length; i++) {
      data[SEVERITY_KEYS[i]] = severity;
    }
    return send("displayErrorNotification", data);
  }

  function notifyError(title, line) {
    try {
      notify({ type: "okDialog", severity: "ERROR", title: title || "", textArray: [line] });
    } catch (error) {
      fail(error);
    }
  }

  // --- directory -----------------------------------------------------------------------
  channel.on("requestGetCrmDirectory", function () {
    api("GET", urls.directory).then(
      function (result) {
        if (!result.ok || !isPlainObject(result.json)) {
          throw new Error("directory request failed with HTTP " + result.status);
        }
        send("crmDirectory", result.json);
      }
    ).catch(function (error) {
      fail(error);
      notifyError("", text("directoryFailed"));
    });
  });

  // --- click-to-dial -------------------------------------------------------------------
  var DIAL_KEY = "crmConnect.clickToDial." + userKey;
  var DIALED_KEY = "crmConnect.dialed." + userKey;
  var clickToDial = !!readStore("sessionStorage", DIAL_KEY, {}).enabled;

  function showClickToDial() {
    document.documentElement.setAttribute("data-crm-connect-click-to-dial", clickToDial ? "on" : "off");
    var links = document.querySelectorAll("a[data-crm-connect-dial]");
    for (var i = 0; i < links.length; i++) {
      if (clickToDial) {
        links[i].setAttribute("aria-describedby", "crm-connect-dial-hint");
      } else if (links[i].getAttribute("aria-describedby") === "crm-connect-dial-hint") {
        links[i].removeAttribute("aria-describedby");
      }
    }
    var hint = document.getElementById("crm-connect-dial-hint");
    if (!hint) {
      hint = document.createElement("span");
      hint.id = "crm-connect-dial-hint";
      hint.hidden = true;
      hint.textContent = text("dialHint");
      document.body.appendChild(hint);
    }
  }

  function setClickToDial(enabled) {
    clickToDial = !!enabled;
    writeStore("sessionStorage", DIAL_KEY, { enabled: clickToDial });
    showClickToDial();
    channel.emit("clickToDial", { enabled: clickToDial });
  }

  channel.on("requestEnableClickToDial", function (message) {
    var data = isPlainObject(message.data) ? message.data : {};
    setClickToDial(data.isEnabled === true || data.isEnabled === "true");
  });

  function pageInfo(record) {
    return { recordId: record.id, url: record.url, recordName: record.name, objectType: record.objectType };
  }

  function clickToDialResponse(link) {
    var number = decodeURIComponent((link.getAttribute("href") || "").replace(/^tel:/i, ""));
    var record = {
      id: link.getAttribute("data-record-id") || "",
      name: link.getAttribute("data-record-name") || "",
      objectType: link.getAttribute("data-object-type") || "",
      url: safeUrl(link.getAttribute("data-record-url") || "") || "",
      email: link.getAttribute("data-record-email") || "",
    };
    return {
      onClickToDialResponse: {
        number: number,
        objectType: record.objectType,
        recordId: record.id,
        recordName: record.name,
        email: record.email,
        url: record.url,
      },
      clickToDialLogDetails: { id: record.id, name: record.name, personAccount: false, type: record.objectType },
      softphoneItems: [],
      doNotCall: false,
      crmEmails: record.email ? [record.email] : [],
      crmPhones: [number],
      nameObjects: null,
      relatedToObjects: [{ isName: true, isRelatedTo: false, pageInfo: pageInfo(record) }],
      pageInfo: pageInfo(record),
    };
  }

  document.addEventListener("click", function (event) {
    if (!clickToDial || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target && event.target.closest ? event.target.closest("a[data-crm-connect-dial]") : null;
    if (!link || !/^tel:/i.test(link.getAttribute("href") || "")) {
      return;
    }
    event.preventDefault();
    var data = clickToDialResponse(link);
    var dialed = readStore("sessionStorage", DIALED_KEY, {});
    var recordId = data.onClickToDialResponse.recordId;
    if (recordId && data.onClickToDialResponse.url) {
      dialed[recordId] = data.onClickToDialResponse.url;
      var keys = Object.keys(dialed);
      if (keys.length > 50) {
        delete dialed[keys[0]];
      }
      writeStore("sessionStorage", DIALED_KEY, dialed);
    }
    send("clickToDialResponse", data);
  });

  channel.on("requestNavigateToClickToDialResult", function (message) {
    var data = isPlainObject(message.data) ? message.data : {};
    var recordId = typeof data.recordId === "number" ? String(data.recordId) : data.recordId;
    if (typeof recordId !== "string" || !recordId || recordId.length > 64) {
      channel.log("debug", "requestNavigateToClickToDialResult without a recordId", data);
      return;
    }
    var known = readStore("sessionStorage", DIALED_KEY, {})[recordId];
    if (known && openUrl(known)) {
      return;
    }
    var url = String(urls.record || "").replace("__id__", encodeURIComponent(recordId));
    api("GET", url).then(function (result) {
      if (!result.ok || !isPlainObject(result.json) || !openUrl(result.json.url)) {
        notifyError("", text("recordNotFound"));
      }
    }, function (error) {
      fail(error);
      notifyError("", text("recordNotFound"));
    });
  });

  // --- screen pop ----------------------------------------------------------------------
  var POPS_KEY = "crmConnect.screenPops." + userKey;
  var POP_ID_TTL = 12 * 3600 * 1000; // an identified interaction: never twice in a shift
  var POP_ANI_TTL = 2 * 60 * 1000; // numbers only: the same call, re-sent after a reload
  var screenPopKeys = Array.isArray(config.screenPopKeys) ? config.screenPopKeys : [];

  function lookup(data, path) {
    var value = data;
    var parts = String(path).split(".");
    for (var i = 0; i < parts.length; i++) {
      if (!isPlainObject(value) || !Object.prototype.hasOwnProperty.call(value, parts[i])) {
        return undefined;
      }
      value = value[parts[i]];
    }
    return value;
  }

  function popKey(data, numbers) {
    for (var i = 0; i < screenPopKeys.length; i++) {
      var value = lookup(data, screenPopKeys[i]);
      if ((typeof value === "string" && value) || typeof value === "number") {
        return { key: "id:" + value, ttl: POP_ID_TTL };
      }
    }
    return { key: "ani:" + numbers.join(","), ttl: POP_ANI_TTL };
  }

  // Claims `key`; false when it was popped already (in this or another tab).
  function claimPop(pop) {
    var now = Date.now();
    var pops = readStore("localStorage", POPS_KEY, {});
    var kept = {};
    Object.keys(pops).forEach(function (key) {
      if (isPlainObject(pops[key]) && pops[key].until > now) {
        kept[key] = pops[key];
      }
    });
    if (Object.prototype.hasOwnProperty.call(kept, pop.key)) {
      return false;
    }
    var keys = Object.keys(kept);
    while (keys.length >= 200) {
      delete kept[keys.shift()];
    }
    kept[pop.key] = { until: now + pop.ttl };
    writeStore("localStorage", POPS_KEY, kept);
    return true;
  }
  function releasePop(pop) {
    var pops = readStore("localStorage", POPS_KEY, {});
    delete pops[pop.key];
    writeStore("localStorage", POPS_KEY, pops);
  }

  var dialog = null;
  function closeDialog() {
    if (dialog) {
      if (dialog.open && typeof dialog.close === "function") {
        dialog.close();
      }
      dialog.remove();
      dialog = null;
    }
  }

  // A modal <dialog>, built with DOM APIs only (record data is text, never HTML).
  function showDialog(kind, title, build) {
    closeDialog();
    dialog = document.createElement("dialog");
    dialog.className = "crm-connect-dialog";
    dialog.setAttribute("data-crm-connect-dialog", kind);
    dialog.setAttribute("aria-labelledby", "crm-connect-dialog-title");
    var heading = document.createElement("h2");
    heading.id = "crm-connect-dialog-title";
    heading.textContent = title;
    dialog.appendChild(heading);
    build(dialog);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "crm-connect-dialog-close";
    close.textContent = text("close");
    close.addEventListener("click", closeDialog);
    dialog.appendChild(close);
    document.body.appendChild(dialog);
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    var first = dialog.querySelector("a, button");
    if (first) {
      first.focus();
    }
    channel.emit("dialog", { kind: kind });
    return dialog;
  }

  function showChooser(number, records) {
    showDialog("chooser", text("chooserTitle", { number: number }), function (box) {
      var hint = document.createElement("p");
      hint.textContent = text("chooserHint");
      box.appendChild(hint);
      var list = document.createElement("ul");
      records.forEach(function (record) {
        var url = safeUrl(record.url);
        if (!url) {
          return;
        }
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = url;
        link.textContent = record.name;
        link.setAttribute("data-record-id", record.id);
        item.appendChild(link);
        var detail = document.createElement("span");
        detail.className = "crm-connect-dialog-detail";
        detail.textContent = [record.objectType, record.phone, record.email].filter(Boolean).join(" \u00b7 ");
        item.appendChild(detail);
        list.appendChild(item);
      });
      box.appendChild(list);
    });
  }

  function showNoMatch(number, createUrl) {
    showDialog("no-match", text("noMatchTitle", { number: number }), function (box) {
      var url = safeUrl(createUrl);
      if (url) {
        var link = document.createElement("a");
        link.href = url;
        link.className = "crm-connect-dialog-create";
        link.textContent = text("createRecord");
        box.appendChild(link);
      }
    });
  }

  channel.on("requestPerformInteractionScreenPop", function (message) {
    var data = isPlainObject(message.data) ? message.data : {};
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
    api("GET", urls.phoneSearch + "?" + query.join("&")).then(function (result) {
      if (!result.ok || !isPlainObject(result.json) || !Array.isArray(result.json.results)) {
        throw new Error("phone search failed with HTTP " + result.status);
      }
      var records = result.json.results;
      var shown = (result.json.numbers && result.json.numbers[0]) || numbers[0];
      channel.emit("screenPop", { key: pop.key, matches: records.length });
      if (records.length === 1) {
        openUrl(records[0].url);
      } else if (records.length > 1) {
        showChooser(shown, records);
      } else {
        showNoMatch(shown, result.json.createUrl);
      }
    }).catch(function (error) {
      releasePop(pop); // not popped: the connector may ask again
      fail(error);
      notifyError("", text("searchFailed"));
    });
  });

  // --- interaction logs: saved server-side, retried, never silently lost ---------------
  var LOGS_KEY = "crmConnect.pendingLogs." + userKey;
  var retry = isPlainObject(config.logRetry) ? config.logRetry : {};
  var maxAttempts = Math.max(1, Number(retry.attempts) || 1);
  var baseDelay = Math.max(0, Number(retry.delay) || 0);
  var inFlight = {};
  var memoryLogs = {}; // the same queue, for when localStorage is unavailable
  var sequence = 0;

  function pendingLogs() {
    var logs = readStore("localStorage", LOGS_KEY, {});
    Object.keys(memoryLogs).forEach(function (id) {
      logs[id] = memoryLogs[id];
    });
    return logs;
  }
  function keepLog(id, data) {
    var entry = { data: data, version: Date.now() + "." + ++sequence };
    var logs = readStore("localStorage", LOGS_KEY, {});
    logs[id] = entry;
    if (!writeStore("localStorage", LOGS_KEY, logs)) {
      memoryLogs[id] = entry;
    }
    return entry;
  }
  function dropLog(id, version) {
    if (memoryLogs[id] && memoryLogs[id].version === version) {
      delete memoryLogs[id];
    }
    var logs = readStore("localStorage", LOGS_KEY, {});
    if (logs[id] && logs[id].version === version) {
      delete logs[id];
      writeStore("localStorage", LOGS_KEY, logs);
    }
  }

  function interactionIdOf(data) {
    var id = lookup(data, "message.body.interactionId");
    return typeof id === "string" || typeof id === "number" ? String(id) : "";
  }

  function retriable(status) {
    return status === 0 || status === 408 || status === 429 || status >= 500;
  }

  function reasonOf(result) {
    if (isPlainObject(result.json)) {
      var parts = [];
      Object.keys(result.json).forEach(function (key) {
        var value = result.json[key];
        parts.push(key + ": " + (Array.isArray(value) ? value.join(" ") : String(value)));
      });
      if (parts.length) {
        return parts.join("; ");
      }
    }
    return "HTTP " + result.status;
  }

  function historyItem(data, saved) {
    var item = {};
    Object.keys(data).forEach(function (key) {
      item[key] = data[key];
    });
    item.logParameters = saved;
    item.msgData = { message: data.message, header: isPlainObject(data.message) ? data.message.header : undefined };
    return { taskId: String(saved.id), data: item };
  }

  // One save of the newest data for `id`; backs off and tries again on failures that
  // may pass (network, 5xx, 429), up to LOG_RETRY_ATTEMPTS.
  function saveLog(id, attempt) {
    var entry = pendingLogs()[id];
    if (!entry || !isPlainObject(entry.data)) {
      delete inFlight[id];
      return;
    }
    var data = entry.data;
    var version = entry.version;
    inFlight[id] = version;
    function settle() {
      delete inFlight[id];
      var newer = pendingLogs()[id];
      if (newer && newer.version !== version) {
        saveLog(id, 1); // the connector sent a newer version meanwhile
      }
    }
    function again(reason) {
      state.logFailures++;
      if (attempt < maxAttempts) {
        channel.emit("logRetry", { interactionId: id, attempt: attempt, reason: reason });
        setTimeout(function () {
          saveLog(id, attempt + 1);
        }, baseDelay * Math.pow(2, attempt - 1));
        return;
      }
      delete inFlight[id];
      channel.emit("logFailed", { interactionId: id, reason: reason });
      notifyError(text("logFailedTitle"), text("logFailed", { id: id }));
    }
    api("POST", urls.interactionLogs, { data: data }).then(
      function (result) {
        if (result.ok && isPlainObject(result.json) && result.json.id !== undefined) {
          dropLog(id, version);
          state.logsSaved++;
          send("createHistoryItem", historyItem(data, result.json));
          channel.emit("logSaved", { interactionId: id, taskId: String(result.json.id) });
          settle();
        } else if (retriable(result.status)) {
          again("HTTP " + result.status);
        } else if (result.status === 401 || result.status === 403) {
          // Signed out or a stale CSRF token: keep it for the next page load.
          delete inFlight[id];
          channel.emit("logFailed", { interactionId: id, reason: reasonOf(result) });
          notifyError(text("logFailedTitle"), text("logFailed", { id: id }));
        } else {
          // The CRM refused this log for good (invalid, or another agent's): say so.
          dropLog(id, version);
          if (window.console) {
            console.error("[crm-connect:connector] interaction log refused", data, result.json);
          }
          channel.emit("logRejected", { interactionId: id, reason: reasonOf(result) });
          notifyError(text("logFailedTitle"), text("logRejected", { id: id || "?", reason: reasonOf(result) }));
          settle();
        }
      },
      function (error) {
        again(String(error && error.message ? error.message : error));
      }
    );
  }

  channel.on("requestSaveInteractionLog", function (message) {
    var data = isPlainObject(message.data) ? message.data : {};
    // Without an interaction id the server refuses it with field errors, which reach
    // the agent; it is keyed by "" meanwhile.
    var id = interactionIdOf(data);
    keepLog(id, data);
    if (!inFlight[id]) {
      saveLog(id, 1);
    } // else: the save in flight sends this newer version when it settles
  });

  // Logs left over from an earlier page (failed saves, or a navigation mid-save) go
  // out once this page's connector is connected.
  channel.on("connected", function () {
    var logs = pendingLogs();
    Object.keys(logs).forEach(function (id) {
      if (!inFlight[id]) {
        saveLog(id, 1);
      }
    });
  });

  // --- custom fields -------------------------------------------------------------------
  channel.on("requestCustomFieldsValues", function (message) {
    var data = isPlainObject(message.data) ? message.data : {};
    var wanted = isPlainObject(data.object) ? data.object : {};
    var all = isPlainObject(config.customFields) ? config.customFields : {};
    var response = {};
    ["voice", "digital"].forEach(function (channelName) {
      var fields = isPlainObject(all[channelName]) ? all[channelName] : {};
      var names = Array.isArray(wanted[channelName]) ? wanted[channelName] : Object.keys(fields);
      response[channelName] = {};
      names.forEach(function (name) {
        if (typeof name === "string" && Object.prototype.hasOwnProperty.call(fields, name)) {
          response[channelName][name] = fields[name];
        }
      });
    });
    send("customFieldsDataResponse", JSON.stringify(response));
  });

  // --- reports -------------------------------------------------------------------------
  channel.on("requestOpenReports", function () {
    if (!openUrl(urls.reports)) {
      channel.log("debug", "requestOpenReports: no REPORTS_URL configured");
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showClickToDial);
  } else {
    showClickToDial();
  }

  root.connector = {
    origin: config.origin,
    on: channel.on,
    off: channel.off,
    send: send,
    notify: notify,
    setClickToDial: setClickToDial,
    pendingLogs: function () {
      return Object.keys(pendingLogs());
    },
    state: function () {
      return {
        status: state.status,
        ready: state.ready,
        crmDataSent: state.crmDataSent,
        lastError: state.lastError,
        clickToDial: clickToDial,
        logsSaved: state.logsSaved,
        logFailures: state.logFailures,
      };
    },
  };
})();
