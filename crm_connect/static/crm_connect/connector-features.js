/*! django-crm-connect: the connector features (docs/connector-features.md): what the parts
    share, notifications, directory, custom fields; connector.js loads it last, it registers. */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var connector = root && root.connector;
  // channel-page.js: connector.js loads it first
  var page = root && root.channel.page;
  // its parts: connector.js loads them first (featureUrls); a part missing, the features
  // do not register, and connector.js reports that they did not load
  var parts = root && root.channel._parts && root.channel._parts.connector;
  if (!connector || !connector._register || !page || !parts || !parts.calls || !parts.logs) {
    return;
  }
  connector._register(function (core) {
    var config = core.config;
    var channel = core.channel;
    var send = core.send;
    var fail = core.fail;
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

    // What the parts share: connector.js's core, and the helpers above.
    /** @type {CrmConnect.ConnectorFeatureKit} */
    var kit = Object.assign({}, core, {
      page: page,
      object: object,
      has: has,
      writeStore: writeStore,
      text: text,
      api: api,
      openUrl: openUrl,
      notifyError: notifyError,
      failed: failed,
      lookup: lookup,
    });
    var calls = parts.calls(kit);
    var logs = parts.logs(kit);

    connector.exportLogs = logs.exportLogs;
    connector.discardLog = logs.discardLog;

    return {
      rejected: logs.rejected,
      memoryLogs: logs.memoryLogs,
      notify: notify,
      setClickToDial: calls.setClickToDial,
      openWindow: function () {
        throw Object.assign(new Error("the connector is docked"), { code: "NOT_WINDOW_MODE" });
      },
      actions: {
        requestGetCrmDirectory: directory,
        requestGetCRMDirectory: directory, // the vendor's prose spells it so
        requestEnableClickToDial: function (message) {
          var enabled = object(message.data).isEnabled;
          calls.setClickToDial(enabled === true || enabled === "true");
        },
        requestNavigateToClickToDialResult: calls.navigateToResult,
        requestPerformInteractionScreenPop: calls.screenPop,
        requestSaveInteractionLog: logs.saveAction,
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
