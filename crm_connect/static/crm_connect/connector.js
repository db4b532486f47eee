/*! django-crm-connect: the CRM Connector handshake (docs/connector.md). */
// @ts-check
(function () {
  "use strict";
  var root = window.crmConnect;
  var config = root && root.channel && root.channel.readConfig("crm-connect-connector-config");
  if (!config || root.connector) {
    return;
  }
  var core = root.channel;

  var frame = null;
  function frameWindow() {
    frame = frame && frame.isConnected ? frame : document.getElementById(config.iframeId);
    return frame ? frame.contentWindow : null;
  }

  var channel = core.create({
    name: "connector",
    origin: config.origin,
    target: frameWindow,
    debug: config.debug,
    limits: config.limits,
    accept: function (data) {
      return data.type === "CRMConnectMessage" && typeof data.action === "string" && data.action.length > 0 && data.action.length <= 100;
    },
    key: function (data) {
      return data.action;
    },
  });

  /** @type {CrmConnect.ConnectorState} */
  var state = { status: "waiting", ready: 0, crmDataSent: 0, lastError: null, clickToDial: false, logsSaved: 0, logFailures: 0 };

  function send(action, data) {
    if (typeof action !== "string" || !action) {
      throw new TypeError("send(action, data): no action");
    }
    return channel.post({ type: "ClientAppMessage", action: action, data: data === undefined ? {} : data });
  }

  // inlined, or fetched once
  var pending = config.crmData ? Promise.resolve(config.crmData) : null;
  function loadCrmData() {
    return (pending = pending || fetch(config.crmDataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("crmData request failed with HTTP " + response.status);
        }
        return response.json();
      })
      .catch(function (error) {
        pending = null;
        throw error;
      }));
  }

  function fail(error) {
    state.lastError = String(error && error.message ? error.message : error);
    channel.emit("error", { message: state.lastError, code: error.code });
    console.warn("[crm-connect:connector] " + state.lastError);
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

  setTimeout(function () {
    if (state.ready === 0) {
      state.status = "timeout";
      fail(new Error("no ready message from " + config.origin + " within " + config.handshakeTimeout + " ms: check the connector URL and frame-src"));
      channel.emit("timeout", { origin: config.origin });
    }
  }, config.handshakeTimeout);

  function key(name) {
    return "crmConnect." + name + "." + config.userId;
  }
  function readStore(area, name) {
    var value = core.read(area, key(name));
    return core.isPlainObject(value) ? value : {};
  }

  // the features, loaded when first needed; tasks wait in order
  var features = null;
  var queue = [];
  var loading = false;

  function flush() {
    var tasks = queue;
    queue = [];
    tasks.forEach(function (task) {
      try {
        task(features);
      } catch (error) {
        console.error("[crm-connect:connector]", error);
      }
    });
  }

  function later(task) {
    queue.push(task);
    if (features) {
      flush();
    } else if (!loading) {
      loading = true;
      if (!core.page) {
        core.load(config.pageUrl).catch(function () {}); // first: the features need it
      }
      config.featureUrls.map(core.load).pop().catch(function () {}).then(function () {
        loading = false;
        if (!features) {
          fail(new Error(config.featureUrls + " did not load"));
        }
      });
    }
  }

  // MessageRejected; the features keep logs
  channel.on("rejected", function (error) {
    fail(error);
    if (config.limits[error.key]) {
      later(function (loaded) {
        loaded.rejected(error);
      });
    }
  });

  // FEATURE_ACTIONS
  config.actions.forEach(function (action) {
    channel.on(action, function (message) {
      later(function (loaded) {
        loaded.actions[action](message);
      });
    });
  });

  function deferred(name) {
    return function () {
      var args = arguments;
      return new Promise(function (resolve, reject) {
        later(function (loaded) {
          try {
            resolve(loaded[name].apply(null, args));
          } catch (error) {
            reject(error);
          }
        });
      });
    };
  }

  document.documentElement.setAttribute("data-crm-connect-click-to-dial", "off");

  root.connector = {
    origin: config.origin,
    mode: config.mode,
    openWindow: deferred("openWindow"),
    on: channel.on,
    off: channel.off,
    send: send,
    notify: deferred("notify"),
    setClickToDial: deferred("setClickToDial"),
    pendingLogs: function () {
      return Object.keys(Object.assign(readStore("localStorage", "pendingLogs"), features && features.memoryLogs));
    },
    state: function () {
      return Object.assign({}, state);
    },
    _register: function (setup) {
      if (!features) {
        features = setup({ config: config, channel: channel, state: state, send: send, fail: fail, key: key, readStore: readStore });
        flush();
      }
    },
  };

  // needed at once: click-to-dial on, or logs to resend
  if (readStore("sessionStorage", "clickToDial").enabled || Object.keys(readStore("localStorage", "pendingLogs")).length) {
    later(function () {});
  }
})();
