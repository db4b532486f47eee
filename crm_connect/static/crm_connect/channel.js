/*! django-crm-connect: the channel core (docs/contributing.md, docs/security.md). */
// @ts-check
(function () {
  "use strict";
  var root = (window.crmConnect = window.crmConnect || /** @type {CrmConnect.Root} */ ({}));
  if (root.channel) {
    return;
  }

  var FORBIDDEN = /^(__proto__|constructor|prototype)$/;
  var LIMITS = Object.freeze({ depth: 20, nodes: 20000, stringLength: 262144, keyLength: 256, characters: 1048576 });
  var ORIGIN = /^https?:\/\/[^/?#@\s]+$/;

  function MessageRejected(reason, code) {
    return /** @type {CrmConnect.MessageRejected} */ (Object.assign(new Error(reason), { name: "MessageRejected", reason: reason, code: code || "too-large" }));
  }

  /** @return {value is CrmConnect.PlainObject} */
  function isPlainObject(value) {
    if (value === null || typeof value !== "object") {
      return false;
    }
    var proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  }

  function spend(budget, nodes, characters) {
    budget.nodes -= nodes;
    budget.characters -= characters;
    if (budget.nodes < 0) {
      throw MessageRejected("more than " + budget.limits.nodes + " values");
    }
    if (budget.characters < 0) {
      throw MessageRejected("more than " + budget.limits.characters + " characters");
    }
  }

  // a copy within budget.limits, or MessageRejected (docs/security.md)
  function clean(value, depth, budget) {
    var limits = budget.limits;
    var type = typeof value;
    if (type === "string") {
      if (value.length > limits.stringLength) {
        throw MessageRejected("string longer than " + limits.stringLength);
      }
      spend(budget, 0, value.length);
    } else if (type === "number" && !isFinite(value)) {
      throw MessageRejected("non-finite number", "not-data");
    } else if (type !== "object" && type !== "number" && type !== "boolean" && type !== "undefined") {
      throw MessageRejected("a value of type " + type, "not-data");
    }
    if (type !== "object" || value === null) {
      return value; // undefined is dropped, as in JSON
    }
    if (depth >= limits.depth) {
      throw MessageRejected("nested deeper than " + limits.depth);
    }
    var copy, i, item, key, keys;
    if (Array.isArray(value)) {
      spend(budget, value.length, 0);
      copy = [];
      for (i = 0; i < value.length; i++) {
        item = clean(value[i], depth + 1, budget);
        copy.push(item === undefined ? null : item);
      }
      return copy;
    }
    if (!isPlainObject(value)) {
      throw MessageRejected("not plain data (" + Object.prototype.toString.call(value) + ")", "not-data");
    }
    keys = Object.keys(value);
    spend(budget, keys.length, 0);
    copy = {};
    for (i = 0; i < keys.length; i++) {
      key = keys[i];
      if (key.length > limits.keyLength) {
        throw MessageRejected("key longer than " + limits.keyLength);
      }
      spend(budget, 0, key.length);
      if (FORBIDDEN.test(key)) {
        continue;
      }
      item = clean(value[key], depth + 1, budget);
      if (item !== undefined) {
        copy[key] = item;
      }
    }
    return copy;
  }

  function sanitize(value, limits) {
    limits = limits || LIMITS;
    return clean(value, 0, { nodes: limits.nodes, characters: limits.characters, limits: limits });
  }

  /** @return {value is string} */
  function isOrigin(value) {
    return typeof value === "string" && ORIGIN.test(value) && value === value.toLowerCase();
  }

  /** @return {any} the block's type: crm-connect.d.ts */
  function readConfig(id) {
    try {
      var config = JSON.parse(document.getElementById(id).textContent);
      return isPlainObject(config) ? config : null;
    } catch {
      return null; // none, or not JSON
    }
  }

  function emitDom(name, key, detail) {
    document.dispatchEvent(new CustomEvent("crm-connect:" + name + ":" + key, { detail: detail }));
  }

  // on("a/") gets "a/b" too, on("*") every key
  function emitter(name) {
    var list = [];
    function off(key, handler) {
      list = list.filter(function (entry) {
        return entry[0] !== key || entry[1] !== handler;
      });
    }
    function on(key, handler) {
      if (typeof key !== "string" || !key || typeof handler !== "function") {
        throw new TypeError("on(key, handler)");
      }
      list.push([key, handler]);
      return off.bind(null, key, handler);
    }
    function emit(key, data, extra) {
      list.forEach(function (entry) {
        var on = entry[0];
        if (on === key || on === "*" || (on.slice(-1) === "/" && key.indexOf(on) === 0)) {
          try {
            entry[1](data, extra, key);
          } catch (error) {
            console.error("[crm-connect:" + name + "] " + key, error);
          }
        }
      });
      emitDom(name, key, { key: key, data: data, extra: extra });
    }
    return { on: on, off: off, emit: emit };
  }

  // web storage that never throws (private mode, quota)
  /** @param {CrmConnect.StorageArea} area */
  function read(area, key) {
    try {
      return JSON.parse(window[area].getItem(key));
    } catch {
      return null;
    }
  }
  // with this script's CSP nonce, run in order
  var nonce = document.currentScript && document.currentScript.nonce;
  function load(url) {
    return new Promise(function (resolve, reject) {
      var script = Object.assign(document.createElement("script"), { onload: resolve, onerror: reject, async: false, nonce: nonce || "", src: url });
      document.head.appendChild(script);
    });
  }

  var counters = Object.create(null);

  function countersFor(name) {
    return counters[name] || (counters[name] = { received: 0, accepted: 0, rejectedTotal: 0, rejected: Object.create(null) });
  }

  function stats(name) {
    var entry = countersFor(name);
    return Object.assign({}, entry, { rejected: Object.assign({}, entry.rejected) });
  }

  /** @param {CrmConnect.ChannelOptions} options */
  function create(options) {
    if (!options || typeof options.name !== "string" || typeof options.target !== "function") {
      throw new TypeError("create() needs a name and a target function");
    }
    var name = options.name;
    var wildcard = options.origin === "*" && options.sendToAnyOrigin === true;
    if (!wildcard && !isOrigin(options.origin)) {
      throw new TypeError("create(" + name + "): " + String(options.origin) + " is not an exact origin");
    }
    var origin = options.origin;
    var accept = typeof options.accept === "function" ? options.accept : function () {
      return false;
    };
    var keyOf = typeof options.key === "function" ? options.key : function () {
      return "message";
    };
    var table = Object.create(null);
    for (var type in isPlainObject(options.limits) ? options.limits : {}) {
      table[type] = Object.assign({}, LIMITS, options.limits[type]);
    }
    var events = emitter(name);
    var emit = events.emit;
    var debug = !!options.debug;
    var counter = countersFor(name);

    var prefix = "[crm-connect:" + name + "] ";
    function log(level, message, extra) {
      if (debug) {
        (console[level] || console.log).call(console, prefix + message, extra === undefined ? "" : extra);
      }
    }

    function reject(reason, extra) {
      counter.rejected[reason] = (counter.rejected[reason] || 0) + 1;
      counter.rejectedTotal++;
      log("debug", "rejected: " + reason, extra);
    }

    function post(message, targetOrigin) {
      if (targetOrigin !== undefined && targetOrigin !== origin) {
        log("warn", "not sent to " + targetOrigin, message);
        return false;
      }
      var target = options.target();
      if (!target) {
        log("warn", "not sent: no peer", message);
        return false;
      }
      target.postMessage(message, origin);
      log("debug", "sent", message);
      return true;
    }

    function receive(event) {
      counter.received++;
      if (wildcard) {
        reject("this channel only sends");
        return;
      }
      if (event.origin !== origin) {
        reject("origin " + event.origin + " is not " + origin);
        return;
      }
      var target = options.target();
      if (!target || event.source !== target) {
        reject("not from the " + name + " window");
        return;
      }
      var data = event.data;
      var key = isPlainObject(data) && keyOf(data);
      var type = typeof key === "string" ? key : "";
      var info = Object.freeze({ origin: event.origin, source: event.source });
      try {
        data = sanitize(data, table[type]);
      } catch (error) {
        if (error.name !== "MessageRejected") {
          throw error;
        }
        reject(error.reason);
        error.message = (error.key = type) + ": " + error.reason;
        error.data = data;
        emit("rejected", error, info);
        return;
      }
      if (!isPlainObject(data) || !accept(data, info)) {
        reject("not a " + name + " message", data);
        return;
      }
      key = keyOf(data);
      if (typeof key !== "string" || !key) {
        reject("no handler key", data);
        return;
      }
      counter.accepted++;
      log("debug", "received", data);
      emit(key, data, info);
    }

    function listener(event) {
      try {
        receive(event);
      } catch (error) {
        reject("unexpected error");
        console.error(prefix + "message dropped: unexpected error", error);
      }
    }

    window.addEventListener("message", listener);

    return Object.assign(events, {
      name: name,
      origin: origin,
      post: post,
      log: log,
      stats: function () {
        return stats(name);
      },
      close: function () {
        window.removeEventListener("message", listener);
      },
    });
  }

  root.channel = {
    create: create,
    sanitize: sanitize,
    isPlainObject: isPlainObject,
    isOrigin: isOrigin,
    readConfig: readConfig,
    emitDom: emitDom,
    emitter: emitter,
    read: read,
    load: load,
    stats: stats,
    limits: LIMITS,
    MessageRejected: MessageRejected,
  };
})();
