/* Sandbox Skylight: plays CxEngage Skylight's postMessage bridge, opened as a popup.
 *
 * As the real one (agent-desktop app/containers/App/index.js, cxengage-javascript-sdk):
 * `skylight/loaded` goes to '*' (its only such message); the first
 * {skylightController, controllerInit} fixes the target origin; until then, and from any
 * other origin, messages are dropped without a word; unknown commands get no reply; every
 * SDK command (the table the page renders from crm_connect/skylight/sdk.py) checks
 * its required parameters and allowed values, and answers error 1003 on its reply topic
 * without them (`goReady {}` included); `skylight/closed` goes from `beforeunload`, which
 * the agent can cancel while interactions are open; dumpState answers with the SDK's
 * state: interactions {pending, active, past, incoming}, keyed by id, past ones in full.
 */
(function () {
  "use strict";
  var opener = window.opener;
  var targetOrigin = null;
  var counter = 0;
  var session = { sessionId: "sandbox-session-1", state: "notready", direction: "inbound" };
  var user = { userId: "sandbox-user-1", email: "agent@example.com", firstName: "Alice", lastName: "Agent" };
  var interactions = []; // active interactions
  var past = {}; // the SDK keeps every past interaction, in full
  var current = null; // the simulated incoming call
  var sdkCommands = {};
  try {
    sdkCommands = JSON.parse(document.getElementById("sandbox-sdk-commands").textContent);
  } catch (error) {
    sdkCommands = {};
  }

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
    addPastInteractions: addPastInteractions,
    // The agent tries to close or reload Skylight and cancels at the prompt: the real one
    // has sent skylight/closed by then, and stays.
    cancelledUnload: function () {
      window.dispatchEvent(new Event("beforeunload", { cancelable: true }));
    },
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

  // Why the SDK's spec refuses `data` for that command, or null (def-sdk-fn: a non-object
  // argument counts as {}).
  function specProblem(spec, data) {
    var params = isObject(data) ? data : {};
    for (var i = 0; i < spec.required.length; i++) {
      if (params[spec.required[i]] === undefined || params[spec.required[i]] === null) {
        return spec.required[i] + " is required";
      }
    }
    for (var name in spec.choices) {
      if (params[name] !== undefined && spec.choices[name].indexOf(params[name]) < 0) {
        return name + " must be one of " + spec.choices[name].join(", ");
      }
    }
    return null;
  }

  var commands = {
    "session.goReady": function (data) {
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

  // A past interaction as the SDK keeps it: the whole record, transcript and all.
  function pastInteraction(id, customer) {
    var messages = [];
    for (var i = 0; i < 20; i++) {
      messages.push({ id: id + "-m" + i, from: i % 2 ? "agent" : customer, type: "message", timestamp: new Date(Date.now() - i * 60000).toISOString(), text: "Message " + i + " of a conversation that the SDK keeps in full, as it keeps every past interaction. ".repeat(3) });
    }
    return {
      interactionId: id,
      channelType: "messaging",
      direction: "inbound",
      customer: customer,
      contactPoint: "sandbox",
      status: "work-ended-received",
      timeout: null,
      contact: { id: id + "-contact", attributes: { name: "Caller " + customer, mobilePhone: customer, email: "caller@example.com" } },
      interactionMetadata: { source: "sandbox", tags: ["past", "sandbox"] },
      dispositionCodeDetails: { dispositionCodes: [{ dispositionId: "d1", name: "Resolved", sortOrder: 0 }, { dispositionId: "d2", name: "Call back", sortOrder: 1 }], forceSelect: false },
      wrapupDetails: { wrapupEnabled: true, wrapupTime: "60", targetWrapupTime: "30" },
      messageHistory: messages,
      notes: [{ noteId: id + "-n1", title: "Note", body: "What the agent wrote about this interaction." }],
      scripts: [],
    };
  }

  function addPastInteractions(count) {
    for (var i = 0; i < count; i++) {
      var id = newId();
      past[id] = pastInteraction(id, "+1555555" + String(1000 + (i % 9000)).slice(-4));
    }
    return Object.keys(past).length;
  }

  function byInteractionId(list) {
    var keyed = {};
    list.forEach(function (interaction) {
      keyed[interaction.interactionId] = interaction;
    });
    return keyed;
  }

  function endInteraction(id) {
    for (var i = interactions.length - 1; i >= 0; i--) {
      if (interactions[i].interactionId === id) {
        past[id] = interactions[i];
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
    if (data.command === "dumpState") {
      var offered = interactions.filter(function (interaction) {
        return interaction.status === "offered";
      });
      var active = interactions.filter(function (interaction) {
        return interaction.status !== "offered";
      });
      emit("cxengage/state", { interactions: { pending: byInteractionId(offered), active: byInteractionId(active), past: past, incoming: {} }, session: session, user: user });
      return;
    }
    if (typeof data.module !== "string" || typeof data.command !== "string") {
      return;
    }
    var key = data.module + (data.subModule ? "." + data.subModule : "") + "." + data.command;
    var spec = Object.prototype.hasOwnProperty.call(sdkCommands, key) ? sdkCommands[key] : null;
    if (!spec) {
      return; // an unknown module or command: no reply, as with the real SDK
    }
    var problem = specProblem(spec, data.data);
    if (problem) {
      emit(spec.topic, null, badParameters(key, data.data, problem));
    } else if (Object.prototype.hasOwnProperty.call(commands, key)) {
      commands[key](data.data);
    } else if (spec.topic) {
      emit(spec.topic, isObject(data.data) ? data.data : {}); // acknowledged
    }
  });

  // As the real one: sent from beforeunload, which the agent may cancel (a prompt while
  // interactions are open), so the window can stay open after it.
  window.addEventListener("beforeunload", function (event) {
    if (!sandbox.silentClose) {
      emit("skylight/closed");
    }
    if (interactions.length) {
      event.preventDefault();
      event.returnValue = true;
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
