/* The example CRM's "Contact center events" panel: what the connector and Skylight did,
   newest first, through their JavaScript APIs (docs/javascript.md). Docked, the panel is
   kept across pages with the connector (hx-preserve); in window mode each page shows what
   the softphone window did since it loaded. */
(function () {
  "use strict";
  var SHOWN = 30;
  var events = [];
  // Connector actions that repeat on every handshake, and bookkeeping: left out.
  var QUIET = ["ready", "requestCrmData", "rejected", "error"];

  function show() {
    var list = document.querySelector("[data-crm-events]");
    if (!list) {
      return;
    }
    list.textContent = "";
    events.forEach(function (entry) {
      var item = list.appendChild(document.createElement("li"));
      item.setAttribute("data-source", entry.source);
      var what = item.appendChild(document.createElement("strong"));
      what.textContent = entry.source + " · " + entry.key;
      if (entry.detail) {
        item.appendChild(document.createElement("span")).textContent = " " + entry.detail;
      }
    });
  }

  function summary(data) {
    if (!data || typeof data !== "object") {
      return "";
    }
    var parts = [];
    ["url", "matches", "enabled", "reason", "interactionId", "customer", "kind"].forEach(function (name) {
      if (data[name] !== undefined && typeof data[name] !== "object") {
        parts.push(name + "=" + String(data[name]).slice(0, 80));
      }
    });
    var nested = data.data && typeof data.data === "object" ? data.data : null;
    if (nested && nested.aniValues) {
      parts.push("caller=" + String(nested.aniValues[0]).slice(0, 40));
    }
    return parts.join(" ");
  }

  function record(source, key, data) {
    if (QUIET.indexOf(key) >= 0) {
      return;
    }
    events.unshift({ source: source, key: key.replace(/^cxengage\//, ""), detail: summary(data) });
    events = events.slice(0, SHOWN);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = window.crmConnect || {};
    if (root.connector) {
      root.connector.on("*", function (data, extra, key) {
        record("connector", key, data);
      });
    }
    // Skylight's script runs after the connector's answer (docs/javascript.md, "Loading
    // order"): channel.loaded() says when crmConnect.skylight is there.
    var core = root.channel;
    var later = core && core.loaded ? core.loaded() : Promise.resolve(root);
    later.then(function (api) {
      if (api && api.skylight) {
        api.skylight.on("cxengage/", function (data, extra, key) {
          record("skylight", key, data);
        });
      }
    });
    show();
  });
})();
