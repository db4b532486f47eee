/*! django-crm-connect: the CRM Connector handshake, and a loader for its features. */
(function () {
  "use strict";
  var root = window.crmConnect;
  var config = root && root.channel && root.channel.readConfig("crm-connect-connector-config");
  if (!config || root.connector || typeof config.origin !== "string" || !config.origin) {
    return;
  }
  var isPlainObject = root.channel.isPlainObject;
  // for the feature module; readable only while this script runs
  var nonce = document.currentScript && document.currentScript.nonce;

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

  var state = { status: "waiting", ready: 0, crmDataSent: 0, lastError: null, clickToDial: false, logsSaved: 0, logFailures: 0 };

  function send(action, data) {
    if (typeof action !== "string" || !action) {
      throw new TypeError("send(action, data) needs an action name");
    }
    return channel.post({ type: "ClientAppMessage", action: action, data: data === undefined ? {} : data });
  }

  // crmData comes from the page when inlined; otherwise from the endpoint, once.
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
        pending = null; // the next requestCrmData tries again
        throw error;
      }));
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

  // Storage that never throws (private mode, quota, disabled).
  function key(name) {
    return "crmConnect." + name + "." + (config.userId || "anonymous");
  }
  function readStore(store, name) {
    try {
      var value = JSON.parse(window[store].getItem(key(name)));
      return isPlainObject(value) ? value : {};
    } catch (error) {
      return {};
    }
  }
  function writeStore(store, name, value) {
    try {
      window[store].setItem(key(name), JSON.stringify(value));
      return true;
    } catch (error) {
      channel.log("warn", store + " unavailable: " + error);
    }
  }

  // Logs are stored as they arrive: even a failed load of the features loses none.
  var memoryLogs = {};
  var sequence = 0;
  function logId(data) {
    var id = data && data.message && data.message.body && data.message.body.interactionId;
    return typeof id === "string" || typeof id === "number" ? String(id) : "";
  }
  function pendingLogs() {
    return Object.assign(readStore("localStorage", "pendingLogs"), memoryLogs);
  }
  channel.on("requestSaveInteractionLog", function (message) {
    var data = isPlainObject(message.data) ? message.data : {};
    var id = logId(data);
    var logs = readStore("localStorage", "pendingLogs");
    logs[id] = { data: data, version: Date.now() + "." + ++sequence };
    delete memoryLogs[id];
    if (!writeStore("localStorage", "pendingLogs", logs)) {
      memoryLogs[id] = logs[id]; // in memory when localStorage fails
    }
  });

  // connector-features.js is loaded when first needed; tasks wait for it in order.
  var features = null;
  var queue = [];
  var loading = false;

  function flush() {
    var tasks = queue;
    queue = [];
    loading = false;
    tasks.forEach(function (task) {
      try {
        task(features);
      } catch (error) {
        console.error("[crm-connect:connector]", error);
      }
    });
    return tasks;
  }

  // task(features) once loaded, or task(null) if the load fails.
  function later(task) {
    queue.push(task);
    if (features) {
      flush();
    } else if (!loading) {
      loading = true;
      var script = document.createElement("script");
      var done = function () {
        script.remove();
        if (!features) {
          var dropped = flush()
            .map(function (task) {
              return task.action;
            })
            .filter(Boolean);
          fail(new Error(script.src + " did not load; not handled: " + dropped.join(" ")));
        }
      };
      script.src = config.featuresUrl;
      if (nonce) {
        script.nonce = nonce;
      }
      script.addEventListener("load", done);
      script.addEventListener("error", done);
      document.head.appendChild(script);
    }
  }

  "requestGetCrmDirectory requestEnableClickToDial requestNavigateToClickToDialResult requestPerformInteractionScreenPop requestSaveInteractionLog requestCustomFieldsValues requestOpenReports"
    .split(" ")
    .forEach(function (action) {
      channel.on(action, function (message) {
        function task(loaded) {
          if (loaded) {
            loaded.actions[action](message);
          }
        }
        task.action = action;
        later(task);
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
            reject(loaded ? error : new Error("connector features not loaded"));
          }
        });
      });
    };
  }

  document.documentElement.setAttribute("data-crm-connect-click-to-dial", "off");

  root.connector = {
    origin: config.origin,
    on: channel.on,
    off: channel.off,
    send: send,
    notify: deferred("notify"),
    setClickToDial: deferred("setClickToDial"),
    pendingLogs: function () {
      return Object.keys(pendingLogs());
    },
    state: function () {
      return Object.assign({}, state);
    },
    // internal: setup(core) returns {actions: {action: handler}, notify, setClickToDial}
    _register: function (setup) {
      if (!features) {
        features = setup({
          config: config,
          channel: channel,
          state: state,
          send: send,
          fail: fail,
          readStore: readStore,
          writeStore: writeStore,
          logId: logId,
          pendingLogs: pendingLogs,
          memoryLogs: memoryLogs,
        });
        flush();
      }
    },
  };

  // Needed at once when click-to-dial is on in this tab, or logs wait to be resent.
  if (readStore("sessionStorage", "clickToDial").enabled || Object.keys(pendingLogs()).length) {
    later(function () {});
  }
})();
