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

  var state = { status: "waiting", ready: 0, crmDataSent: 0, lastError: null };

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

  root.connector = {
    origin: config.origin,
    on: channel.on,
    off: channel.off,
    send: send,
    state: function () {
      return { status: state.status, ready: state.ready, crmDataSent: state.crmDataSent, lastError: state.lastError };
    },
  };
})();
