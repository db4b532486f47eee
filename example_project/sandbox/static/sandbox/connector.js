/* Sandbox CRM Connector: plays the vendor's side of the connector protocol. */
(function () {
  "use strict";
  // The CRM that embeds us: its origin is the only one we talk to.
  var params = new URLSearchParams(location.search);
  var crmOrigin = params.get("crm") || (location.ancestorOrigins && location.ancestorOrigins[0]) || (document.referrer ? new URL(document.referrer).origin : "");
  var peer = window.parent;
  var acked = false;
  var readyTimer = null;

  var sandbox = (window.sandbox = {
    crmOrigin: crmOrigin,
    log: [],
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
    saveLog: function (options) {
      var o = options || {};
      send("requestSaveInteractionLog", {
        message: {
          header: { source: "sandbox", sentAt: new Date().toISOString() },
          body: {
            interactionId: o.interactionId,
            interactionData: {
              interaction: { intrinsics: { START_TIME: o.startTime || Date.now(), START_DATE: "" }, topic: o.topic || "Support" },
              logDetails: {
                subject: o.subject || "",
                comments: o.comments || "",
                customFields: Object.keys(o.customFields || {}).map(function (name) {
                  return { logFieldName: name, currentValue: o.customFields[name] };
                }),
              },
              updatedOriginatingAddress: o.from || "",
              updatedDestinationAddress: o.to || "",
            },
          },
        },
      });
    },
  });

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
      });
    },
    "custom-fields": function () {
      send("requestCustomFieldsValues", { object: { voice: ["caseNumber", "outcome"], digital: ["caseNumber"] } });
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
