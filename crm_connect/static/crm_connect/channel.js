/*! django-crm-connect channel core: safe postMessage plumbing (docs/security.md). */
(function () {
  "use strict";
  var root = (window.crmConnect = window.crmConnect || {});
  if (root.channel) {
    return;
  }

  // not an object literal: `{__proto__: true}` sets a prototype
  function isForbiddenKey(key) {
    return key === "__proto__" || key === "constructor" || key === "prototype";
  }
  var LIMITS = Object.freeze({ depth: 20, nodes: 20000, stringLength: 262144, keyLength: 256, characters: 1048576 });
  var ORIGIN = /^https?:\/\/[^\/?#@\s]+$/;

  function Rejected(reason) {
    this.reason = reason;
  }

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
      throw new Rejected("more than " + budget.limits.nodes + " values");
    }
    if (budget.characters < 0) {
      throw new Rejected("more than " + budget.limits.characters + " characters");
    }
  }

  // A copy of JSON-like data within LIMITS, or Rejected (docs/security.md).
  function clean(value, depth, budget) {
    switch (typeof value) {
      case "undefined": // as in JSON
        return undefined;
      case "boolean":
        return value;
      case "number":
        if (!isFinite(value)) {
          throw new Rejected("non-finite number");
        }
        return value;
      case "string":
        if (value.length > budget.limits.stringLength) {
          throw new Rejected("string longer than " + budget.limits.stringLength);
        }
        spend(budget, 0, value.length);
        return value;
      case "object":
        break;
      default:
        throw new Rejected("a value of type " + typeof value);
    }
    if (value === null) {
      return null;
    }
    if (depth >= budget.limits.depth) {
      throw new Rejected("nested deeper than " + budget.limits.depth);
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
      throw new Rejected("not plain data (" + Object.prototype.toString.call(value) + ")");
    }
    keys = Object.keys(value);
    spend(budget, keys.length, 0);
    copy = {};
    for (i = 0; i < keys.length; i++) {
      key = keys[i];
      if (key.length > budget.limits.keyLength) {
        throw new Rejected("key longer than " + budget.limits.keyLength);
      }
      spend(budget, 0, key.length);
      if (isForbiddenKey(key)) {
        continue;
      }
      item = clean(value[key], depth + 1, budget);
      if (item !== undefined) {
        copy[key] = item;
      }
    }
    return copy;
  }

  // limits: LIMITS, or an object that overrides some of them (a larger message type).
  function sanitize(value, limits) {
    limits = isPlainObject(limits) ? Object.assign({}, LIMITS, limits) : LIMITS;
    return clean(value, 0, { nodes: limits.nodes, characters: limits.characters, limits: limits });
  }

  function isOrigin(value) {
    return typeof value === "string" && ORIGIN.test(value) && value === value.toLowerCase();
  }

  function readConfig(id) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    try {
      var config = JSON.parse(element.textContent || "null");
      return isPlainObject(config) ? config : null;
    } catch (error) {
      return null;
    }
  }

  function emitDom(name, key, detail) {
    var event;
    try {
      event = new CustomEvent("crm-connect:" + name + ":" + key, { detail: detail });
    } catch (error) {
      return;
    }
    document.dispatchEvent(event);
  }

  var counters = Object.create(null);

  function countersFor(name) {
    return counters[name] || (counters[name] = { received: 0, accepted: 0, rejected: Object.create(null) });
  }

  function stats(name) {
    var entry = countersFor(name);
    var rejected = {};
    var total = 0;
    for (var reason in entry.rejected) {
      rejected[reason] = entry.rejected[reason];
      total += entry.rejected[reason];
    }
    return { received: entry.received, accepted: entry.accepted, rejectedTotal: total, rejected: rejected };
  }

  // options: name, origin, target(), accept(data, info), key(data), debug,
  // sendToAnyOrigin (send-only to "*"), limits(raw) (this message's limits, see sanitize),
  // refused(reason, raw, info) (a message from the peer that is over its limits).
  function create(options) {
    if (!options || typeof options.name !== "string" || typeof options.target !== "function") {
      throw new TypeError("crmConnect.channel.create needs a name and a target function");
    }
    var name = options.name;
    var wildcard = options.origin === "*" && options.sendToAnyOrigin === true;
    if (!wildcard && !isOrigin(options.origin)) {
      throw new TypeError("crmConnect.channel.create(" + name + "): " + String(options.origin) + " is not an exact origin");
    }
    var origin = options.origin;
    var accept = typeof options.accept === "function" ? options.accept : function () {
      return false;
    };
    var keyOf = typeof options.key === "function" ? options.key : function () {
      return "message";
    };
    var handlers = Object.create(null);
    var debug = !!options.debug;
    var counter = countersFor(name);

    function log(level, message, extra) {
      if (debug && window.console) {
        (console[level] || console.log).call(console, "[crm-connect:" + name + "] " + message, extra === undefined ? "" : extra);
      }
    }

    function reject(reason, extra) {
      counter.rejected[reason] = (counter.rejected[reason] || 0) + 1;
      log("debug", "rejected: " + reason, extra);
    }

    function on(key, handler) {
      if (typeof key !== "string" || typeof handler !== "function") {
        throw new TypeError("on(key, handler) takes a string and a function");
      }
      (handlers[key] || (handlers[key] = [])).push(handler);
      return function () {
        off(key, handler);
      };
    }

    function off(key, handler) {
      var list = handlers[key];
      if (list) {
        var index = list.indexOf(handler);
        if (index >= 0) {
          list.splice(index, 1);
        }
      }
    }

    function emit(key, data, extra) {
      var list = (handlers[key] || []).slice();
      for (var i = 0; i < list.length; i++) {
        try {
          list[i](data, extra);
        } catch (error) {
          if (window.console) {
            console.error("[crm-connect:" + name + "] handler for " + key + " failed", error);
          }
        }
      }
      emitDom(name, key, { key: key, data: data, extra: extra });
    }

    function post(message, targetOrigin) {
      if (targetOrigin !== undefined && targetOrigin !== origin) {
        log("warn", "not sent: target origin " + String(targetOrigin) + " is not " + origin, message);
        return false;
      }
      var target = options.target();
      if (!target) {
        log("warn", "not sent, the peer window is not there", message);
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
      var data;
      try {
        data = sanitize(event.data, options.limits && options.limits(event.data));
      } catch (error) {
        if (error instanceof Rejected) {
          reject(error.reason);
          if (options.refused) {
            options.refused(error.reason, event.data, Object.freeze({ origin: event.origin, source: event.source }));
          }
          return;
        }
        throw error;
      }
      var info = Object.freeze({ origin: event.origin, source: event.source });
      if (!isPlainObject(data) || !accept(data, info)) {
        reject("not a " + name + " message", data);
        return;
      }
      var key = keyOf(data);
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
        if (window.console) {
          console.error("[crm-connect:" + name + "] message dropped after an unexpected error", error);
        }
      }
    }

    window.addEventListener("message", listener);

    return {
      name: name,
      origin: origin,
      on: on,
      off: off,
      emit: emit,
      post: post,
      log: log,
      stats: function () {
        return stats(name);
      },
      close: function () {
        window.removeEventListener("message", listener);
      },
    };
  }

  root.channel = {
    create: create,
    sanitize: sanitize,
    isPlainObject: isPlainObject,
    isOrigin: isOrigin,
    readConfig: readConfig,
    emitDom: emitDom,
    stats: stats,
    limits: LIMITS,
  };
})();
