/* Sandbox Skylight: plays CxEngage Skylight's postMessage bridge, opened as a popup.
 *
 * As the real one: `skylight/loaded` goes to '*' (its only such message); the first
 * {skylightController, controllerInit} fixes the target origin; until then, and from any
 * other origin, messages are dropped without a word; unknown commands get no reply; bad
 * parameters get error 1003 on the command's reply topic; `skylight/closed` on unload.
 */
(function () {
  "use strict";
  var opener = window.opener;
  var targetOrigin = null;
  var counter = 0;
  var session = { sessionId: "sandbox-session-1", state: "notready", direction: "inbound" };
  var user = { userId: "sandbox-user-1", email: "agent@example.com", firstName: "Alice", lastName: "Agent" };
  var interactions = [];
  var current = null; // the simulated incoming call

  var sandbox = (window.skylightSandbox = {
    received: [],
    sent: [],
    dropped: 0,
    silentClose: false, // tests: close without skylight/closed, as a crash would
    targetOrigin: function () {
      return targetOrigin;
    },
    emit: emit,
    simulate: simulate,
    interactions: interactions,
    commands: function (name) {
      return sandbox.received.filter(function (message) {
        return message.command === name;
      });
    },
  });

  function byId(id) {
    return document.getElementById(id);
  }

  function setStatus(text) {
    byId("status").textContent = text;
    byId("status").dataset.status = text;
  }

  function record(direction, message) {
    var item = document.createElement("li");
    item.className = direction;
    item.textContent = (direction === "in" ? "\u2190 " : "\u2192 ") + JSON.stringify(message).slice(0, 400);
    var list = byId("log");
    list.insertBefore(item, list.firstChild);
  }

  function post(message, origin) {
    if (!opener || opener.closed) {
      return;
    }
    sandbox.sent.push(message);
    record("out", message);
    opener.postMessage(message, origin);
  }

  // An SDK topic to the controller (only once the handshake fixed its origin).
  function emit(topic, response, error) {
    if (targetOrigin === null) {
      return;
    }
    post({ error: error === undefined ? null : error, topic: topic, response: response === undefined ? null : response }, targetOrigin);
  }

  function newId() {
    counter += 1;
    return "00000000-0000-4000-8000-" + String(100000000000 + counter);
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function badParameters(where, data, why) {
    return { code: 1003, context: where, data: { params: data === undefined ? null : data, reason: why }, level: "error", message: "Invalid arguments passed to function." };
  }

  function showAgent() {
    byId("session-state").textContent = session.state;
    byId("interaction").textContent = current ? current.interactionId + " (" + current.status + ")" : "(none)";
  }

  function setSession(next, data) {
    session.state = next;
    emit("cxengage/session/state-change-request-acknowledged", { state: next, reason: (data && data.reason) || null });
    emit("cxengage/session/state-change-response", { sessionId: session.sessionId, state: next });
    showAgent();
  }

  function needsInteraction(where, topic, data) {
    if (!isObject(data) || typeof data.interactionId !== "string" || !data.interactionId) {
      emit(topic, null, badParameters(where, data, "interactionId is required"));
      return null;
    }
    return data.interactionId;
  }

  var TOPIC = "cxengage/";
  var commands = {
    "session.goReady": function (data) {
      if (data !== undefined && data !== null && !isObject(data)) {
        return emit(TOPIC + "session/state-change-request-acknowledged", null, badParameters("session.goReady", data, "data must be an object"));
      }
      setSession("ready", data);
    },
    "session.goNotReady": function (data) {
      if (data !== undefined && data !== null && (!isObject(data) || (data.reasonId !== undefined && typeof data.reasonId !== "string"))) {
        return emit(TOPIC + "session/state-change-request-acknowledged", null, badParameters("session.goNotReady", data, "reasonId must be a string"));
      }
      setSession("notready", data);
    },
    "interactions.voice.dial": function (data) {
      var topic = TOPIC + "interactions/voice/dial-send-acknowledged";
      if (!isObject(data) || typeof data.phoneNumber !== "string" || !/^\+?[0-9*#]{3,20}$/.test(data.phoneNumber)) {
        return emit(topic, null, badParameters("interactions.voice.dial", data, "phoneNumber must be a phone number"));
      }
      if (data.direction !== undefined && ["inbound", "outbound", "agent-initiated"].indexOf(data.direction) < 0) {
        return emit(topic, null, badParameters("interactions.voice.dial", data, "direction is not valid"));
      }
      if (data.interactionMetadata !== undefined && !isObject(data.interactionMetadata)) {
        return emit(topic, null, badParameters("interactions.voice.dial", data, "interactionMetadata must be an object"));
      }
      var interaction = { interactionId: newId(), channelType: "voice", direction: data.direction || "outbound", customer: data.phoneNumber, status: "dialing", interactionMetadata: data.interactionMetadata || null };
      interactions.push(interaction);
      current = interaction;
      showAgent();
      emit(topic, { interactionId: interaction.interactionId, phoneNumber: data.phoneNumber });
    },
    "interactions.voice.mute": function (data) {
      var id = needsInteraction("interactions.voice.mute", TOPIC + "interactions/voice/mute-acknowledged", data);
      if (id) {
        emit(TOPIC + "interactions/voice/mute-acknowledged", { interactionId: id, muted: true });
      }
    },
    "interactions.voice.unmute": function (data) {
      var id = needsInteraction("interactions.voice.unmute", TOPIC + "interactions/voice/unmute-acknowledged", data);
      if (id) {
        emit(TOPIC + "interactions/voice/unmute-acknowledged", { interactionId: id, muted: false });
      }
    },
    "interactions.end": function (data) {
      var id = needsInteraction("interactions.end", TOPIC + "interactions/end-acknowledged", data);
      if (id) {
        emit(TOPIC + "interactions/end-acknowledged", { interactionId: id });
        endInteraction(id);
      }
    },
  };

  function endInteraction(id) {
    for (var i = interactions.length - 1; i >= 0; i--) {
      if (interactions[i].interactionId === id) {
        interactions.splice(i, 1);
      }
    }
    if (current && current.interactionId === id) {
      current = null;
    }
    emit(TOPIC + "interactions/work-ended-received", { interactionId: id });
    showAgent();
  }

  function simulate(what) {
    var caller = byId("caller").value || "+15555550142";
    if (what === "close") {
      window.close();
      return;
    }
    if (what === "offer" || !current) {
      current = { interactionId: newId(), channelType: "voice", direction: "inbound", customer: caller, status: "offered" };
      interactions.push(current);
      emit(TOPIC + "interactions/work-offer-received", { interactionId: current.interactionId, channelType: "voice", direction: "inbound", customer: caller, contact: {}, timeout: new Date(Date.now() + 30000).toISOString() });
      if (what === "offer") {
        return showAgent();
      }
    }
    if (what === "accept") {
      current.status = "connected";
      emit(TOPIC + "interactions/work-accepted-received", { interactionId: current.interactionId, channelType: "voice", customer: current.customer });
    } else if (what === "pop") {
      emit(TOPIC + "interactions/screen-pop-received", { interactionId: current.interactionId, popType: "search-pop", newWindow: false, size: null, searchType: "fuzzy", filterType: "or", filter: null, terms: [current.customer] });
    } else if (what === "end") {
      endInteraction(current.interactionId);
    }
    showAgent();
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!isObject(data) || data.skylightController !== true) {
      return;
    }
    if (targetOrigin === null) {
      if (data.controllerInit === true) {
        targetOrigin = event.origin;
        byId("controller").textContent = targetOrigin;
        setStatus("connected");
        record("in", data);
        sandbox.received.push(data);
        emit("skylight/target-origin-defined");
      } else {
        sandbox.dropped++;
      }
      return;
    }
    if (event.origin !== targetOrigin) {
      sandbox.dropped++;
      return;
    }
    record("in", data);
    sandbox.received.push(data);
    if (data.controllerInit === true) {
      post({ error: true, topic: "skylight/target-origin-already-defined", response: null }, targetOrigin);
      return;
    }
    if (data.command === "dumpState" && data.module === undefined) {
      emit("cxengage/state", { interactions: interactions, session: session, user: user });
      return;
    }
    if (typeof data.module !== "string" || typeof data.command !== "string") {
      return;
    }
    var key = data.module + (data.subModule ? "." + data.subModule : "") + "." + data.command;
    var run = Object.prototype.hasOwnProperty.call(commands, key) ? commands[key] : null;
    if (run) {
      run(data.data); // an unknown module or command: no reply, as with the real SDK
    }
  });

  window.addEventListener("pagehide", function () {
    if (!sandbox.silentClose) {
      emit("skylight/closed");
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-simulate]");
    if (button) {
      simulate(button.getAttribute("data-simulate"));
    }
  });

  if (opener) {
    setStatus("loaded");
    post({ error: null, topic: "skylight/loaded" }, "*");
  } else {
    setStatus("no opener");
  }
})();
