/* Sandbox CRM Connector: plays the vendor's side of the connector protocol. */
(function () {
  "use strict";
  // The CRM that embeds us: its origin is the only one we talk to.
  var params = new URLSearchParams(location.search);
  var crmOrigin = params.get("crm") || (location.ancestorOrigins && location.ancestorOrigins[0]) || (document.referrer ? new URL(document.referrer).origin : "");
  var peer = window.parent;
  var acked = false;
  var readyTimer = null;

  function pad(number) {
    return String(number).padStart(2, "0");
  }
  // START_TIME as the vendor's connector sends it: a time of day, START_DATE apart.
  function timeOfDay(date) {
    return pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
  }
  function isoDate(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }
  // A chat transcript of `count` entries shaped like a digital channel's messages.
  function transcript(count) {
    var entries = [];
    for (var i = 0; i < count; i++) {
      entries.push({
        messageId: "msg-" + i,
        senderType: i % 2 ? "AGENT" : "CUSTOMER",
        senderName: i % 2 ? "Agent Smith" : "Ada Lovelace",
        timestamp: new Date(Date.UTC(2026, 10, 30, 9, 0, i % 60)).toISOString(),
        status: "DELIVERED",
        channelId: "Chat",
        body: {
          elementType: "Text",
          elementText: { text: "Message " + i + ": " + "lorem ipsum dolor sit amet ".repeat(3), textFormat: "PLAINTEXT" },
        },
      });
    }
    return entries;
  }

  // interactionId -> the header sent with it; kept for the tab, as a connector that
  // reloads with each page of the CRM still knows the logs it sent.
  var sentLogs = {};
  try {
    sentLogs = JSON.parse(sessionStorage.getItem("sandbox.sentLogs") || "{}");
  } catch (error) {
    // private mode: this page only
  }
  function rememberLog(data) {
    var message = (data && data.message) || {};
    var id = message.body && message.body.interactionId;
    if (id !== undefined) {
      // The header beside message (the vendor's shape), else one inside it (read as a fallback).
      sentLogs[String(id)] = data.header !== undefined ? data.header : message.header;
      try {
        sessionStorage.setItem("sandbox.sentLogs", JSON.stringify(sentLogs));
      } catch (error) {
        // private mode, quota: this page only
      }
    }
  }

  var sandbox = (window.sandbox = {
    crmOrigin: crmOrigin,
    log: [],
    // Replies that the vendor's code would not take (see check()): none, or a bug.
    violations: [],
    acks: 0,
    crmData: null,
    crmDataCount: 0,
    send: send,
    received: function (action) {
      return sandbox.log.filter(function (entry) {
        return entry.direction === "in" && entry.message.action === action;
      });
    },
    last: function (action) {
      var list = sandbox.received(action);
      return list.length ? list[list.length - 1].message.data : undefined;
    },
    // The requests of "continuous messaging", as the vendor's connector sends them.
    screenPop: function (aniValues, interactionId) {
      var data = { aniValues: aniValues };
      if (interactionId) {
        data.interactionId = interactionId;
      }
      send("requestPerformInteractionScreenPop", data);
    },
    // As the vendor's connector: `header` is a sibling of `message` (its sample's
    // crm.js reads data.header), START_TIME a time of day and START_DATE apart.
    saveLog: function (options) {
      var o = options || {};
      var started = new Date(Date.now() - (o.seconds === undefined ? 95 : o.seconds) * 1000);
      var header = { source: "sandbox", sentAt: new Date().toISOString(), correlationId: "corr-" + o.interactionId };
      var interactionData = {
        interaction: {
          intrinsics: { START_TIME: o.startTime || timeOfDay(started), START_DATE: o.startDate === undefined ? isoDate(started) : o.startDate },
          topic: o.topic || "Support",
        },
        logDetails: {
          subject: o.subject || "",
          comments: o.comments || "",
          customFields: Object.keys(o.customFields || {}).map(function (name) {
            return { logFieldName: name, currentValue: o.customFields[name] };
          }),
        },
        updatedOriginatingAddress: o.from || "",
        updatedDestinationAddress: o.to || "",
      };
      if (o.transcript) {
        interactionData.transcript = transcript(o.transcript);
      }
      send("requestSaveInteractionLog", {
        message: { body: { interactionId: o.interactionId, interactionData: interactionData } },
        header: header,
      });
    },
  });

  // What the vendor's sample CRM client (src/javascripts/...) sends: a reply of another
  // shape is recorded in sandbox.violations and shown, never taken quietly.
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }
  var CHECKS = {
    crmData: function (data) {
      var settings = isObject(data) && data.callCenterSettings;
      var problems = [];
      if (!isObject(settings)) {
        return ["callCenterSettings is not an object"];
      }
      Object.keys(settings).forEach(function (section) {
        Object.keys(settings[section] || {}).forEach(function (key) {
          if (typeof settings[section][key] !== "string") {
            problems.push("callCenterSettings." + section + "." + key + " is not a string");
          }
        });
      });
      if (!(settings.ServerConfig && settings.ServerConfig.serverHostName)) {
        problems.push("callCenterSettings.ServerConfig.serverHostName is missing (dist/zcli.apps.config.json)");
      }
      return problems;
    },
    crmDirectory: function (data) {
      return isObject(data) && typeof data.count === "string" && Array.isArray(data.results) ? [] : ["crmDirectory is not {count: <string>, results: [...]}"];
    },
    clickToDialResponse: function (data) {
      var problems = [];
      var related = isObject(data) && Array.isArray(data.relatedToObjects) ? data.relatedToObjects[0] : null;
      var page = (isObject(data) && data.pageInfo) || {};
      if (typeof data.crmEmails !== "string") {
        problems.push("crmEmails is not a string (utils.js createCTDMessage)");
      }
      if (!isObject(data.clickToDialLogDetails) || data.clickToDialLogDetails.personAccount !== true) {
        problems.push("clickToDialLogDetails.personAccount is not true");
      }
      if (!isObject(related) || related.isName !== false || related.isRelatedTo !== true) {
        problems.push("relatedToObjects[0] is not {isName: false, isRelatedTo: true, pageInfo}");
      }
      ["number", "email", "recordId", "recordName", "objectType", "url"].forEach(function (key) {
        if (typeof page[key] !== "string") {
          problems.push("pageInfo." + key + " is missing");
        }
      });
      return problems;
    },
    createHistoryItem: function (data) {
      var item = isObject(data) && isObject(data.data) ? data.data : {};
      var problems = [];
      if (!Object.prototype.hasOwnProperty.call(sentLogs, String(data.taskId))) {
        problems.push("taskId " + JSON.stringify(data.taskId) + " is not the interactionId of a log sent (crm.js: external_id)");
      } else if (!isObject(item.msgData) || JSON.stringify(item.msgData.header) !== JSON.stringify(sentLogs[data.taskId])) {
        problems.push("msgData.header is not the header sent beside message (crm.js)");
      }
      if (!isObject(item.msgData) || !isObject(item.msgData.message)) {
        problems.push("msgData.message is missing");
      }
      var parameters = item.logParameters;
      if (!isObject(parameters) || Object.keys(parameters).some(function (key) {
        return parameters[key] !== null && typeof parameters[key] === "object";
      })) {
        problems.push("logParameters are not the flat saved fields (utils.js composeInteractionLog)");
      } else if (!("start_time" in parameters && "duration" in parameters && "caller" in parameters)) {
        problems.push("logParameters lack start_time, duration or caller");
      }
      return problems;
    },
    customFieldsDataResponse: function (data) {
      try {
        return isObject(JSON.parse(data)) ? [] : ["not a JSON object"];
      } catch (error) {
        return ["not a JSON string (zendesk.js getCustomFieldsValues)"];
      }
    },
  };

  function check(message) {
    var data = message.data;
    var problems = CHECKS[message.action] ? CHECKS[message.action](isObject(data) || typeof data === "string" ? data : {}) : [];
    problems.forEach(function (problem) {
      sandbox.violations.push(message.action + ": " + problem);
      var item = document.createElement("li");
      item.textContent = message.action + ": " + problem;
      document.getElementById("violations").appendChild(item);
    });
  }

  // Each reply the CRM sends is shown under its action (the last one wins).
  var REPLIES = ["crmDirectory", "clickToDialResponse", "createHistoryItem", "customFieldsDataResponse", "displayErrorNotification"];
  function showReply(message) {
    if (REPLIES.indexOf(message.action) < 0) {
      return;
    }
    var box = document.querySelector('[data-reply="' + message.action + '"]');
    var data = message.data;
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (error) {
        /* shown as it came */
      }
    }
    box.textContent = JSON.stringify(data, null, 2);
    box.closest("details").open = true;
    var count = box.closest("details").querySelector(".count");
    count.textContent = String(sandbox.received(message.action).length);
    if (message.action === "clickToDialResponse" && message.data && message.data.onClickToDialResponse) {
      document.getElementById("nav-record-id").value = message.data.onClickToDialResponse.recordId;
    }
  }

  function value(id) {
    return document.getElementById(id).value.trim();
  }

  function setStatus(text) {
    var el = document.getElementById("status");
    el.textContent = text;
    el.dataset.status = text;
  }

  function record(direction, message) {
    sandbox.log.push({ direction: direction, message: message, at: Date.now() });
    var item = document.createElement("li");
    item.className = direction;
    item.textContent = (direction === "in" ? "\u2190 " : "\u2192 ") + JSON.stringify(message).slice(0, 400);
    var list = document.getElementById("log");
    list.insertBefore(item, list.firstChild);
  }

  function send(action, data) {
    if (action === "requestSaveInteractionLog") {
      rememberLog(data);
    }
    var message = { type: "CRMConnectMessage", action: action };
    if (data !== undefined) {
      message.data = data;
    }
    record("out", message);
    peer.postMessage(message, crmOrigin);
  }

  function showAgent(data) {
    var user = (data && data.currentUser) || {};
    var fields = document.getElementById("agent-fields");
    fields.textContent = "";
    ["Name", "Username", "Id", "LanguageLocaleKey"].forEach(function (key) {
      var dt = document.createElement("dt");
      dt.textContent = key;
      var dd = document.createElement("dd");
      dd.textContent = String(user[key]);
      dd.dataset.field = key;
      fields.appendChild(dt);
      fields.appendChild(dd);
    });
    document.getElementById("agent").hidden = false;
    document.getElementById("crm-data").textContent = JSON.stringify(data, null, 2);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== crmOrigin || event.source !== peer) {
      return;
    }
    var message = event.data;
    if (!message || message.type !== "ClientAppMessage") {
      return;
    }
    record("in", message);
    check(message);
    if (message.action === "ready") {
      sandbox.acks++;
      if (!acked) {
        acked = true;
        clearInterval(readyTimer);
        setStatus("waiting");
        send("requestCrmData");
      }
    } else if (REPLIES.indexOf(message.action) >= 0) {
      showReply(message);
    } else if (message.action === "crmData") {
      sandbox.crmData = message.data;
      sandbox.crmDataCount++;
      showAgent(message.data);
      setStatus("connected");
    }
    document.dispatchEvent(new CustomEvent("sandbox:message", { detail: message }));
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-send]");
    if (button) {
      send(button.dataset.send);
    }
  });

  // Controls that need more than an action name.
  var actions = {
    "dial-on": function () {
      send("requestEnableClickToDial", { isEnabled: true });
    },
    "dial-off": function () {
      send("requestEnableClickToDial", { isEnabled: false });
    },
    navigate: function () {
      send("requestNavigateToClickToDialResult", { recordId: value("nav-record-id") });
    },
    "screen-pop": function () {
      var numbers = value("pop-ani").split(",").map(function (n) { return n.trim(); }).filter(Boolean);
      sandbox.screenPop(numbers, value("pop-interaction"));
    },
    "save-log": function () {
      sandbox.saveLog({
        interactionId: value("log-interaction"),
        subject: value("log-subject"),
        comments: value("log-comments"),
        from: value("log-from"),
        customFields: value("log-case") ? { caseNumber: value("log-case") } : {},
        transcript: Number(value("log-transcript")) || 0,
      });
    },
    // Names in any case, an empty one: the vendor's CRM side lower-cases and drops them.
    "custom-fields": function () {
      send("requestCustomFieldsValues", { object: { voice: ["CaseNumber", "OUTCOME", ""], digital: ["casenumber"] } });
    },
  };
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-action]");
    if (form && actions[form.dataset.action]) {
      event.preventDefault();
      actions[form.dataset.action]();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) {
      actions[button.dataset.action]();
    }
  });

  if (!crmOrigin || peer === window) {
    setStatus("not embedded");
    return;
  }
  // Like the vendor's connector: repeat `ready` until the CRM acknowledges it.
  send("ready");
  readyTimer = setInterval(function () {
    if (!acked) {
      send("ready");
    }
  }, 500);
})();
