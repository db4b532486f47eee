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
  });

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
