// Hostile messages for the CRM page, generated from a seed; evaluated in a sending frame
// as `(options) => ...`. options: {seed, count, target, kinds}. Posts `count` messages to
// window.parent at `target` and returns how many of them have a valid connector envelope
// with an action nobody handles (those are accepted, and must still change nothing).
(options) => {
  "use strict";
  let state = options.seed >>> 0;
  function rng() {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  const pick = (list) => list[Math.floor(rng() * list.length)];
  const KEYS = ["type", "action", "data", "__proto__", "constructor", "prototype", "toString", "id", "topic", "payload"];
  const STRINGS = ["CRMConnectMessage", "ClientAppMessage", "ready", "requestCrmData", "crmData", "", "__proto__", "\u0000", "\ud800", "<script>"];
  const set = (object, key, value) =>
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });

  function randomString() {
    if (rng() < 0.5) return pick(STRINGS);
    let text = "";
    const length = Math.floor(rng() * 40);
    for (let i = 0; i < length; i++) text += String.fromCharCode(Math.floor(rng() * 0xffff));
    return text;
  }
  function randomValue(depth) {
    const r = rng();
    if (depth > 3 || r < 0.35) {
      return pick([() => null, () => rng() < 0.5, () => (rng() - 0.5) * 1e12, () => Math.floor(rng() * 100), randomString])();
    }
    if (r < 0.6) {
      return Array.from({ length: Math.floor(rng() * 5) }, () => randomValue(depth + 1));
    }
    const object = {};
    const size = Math.floor(rng() * 5);
    for (let i = 0; i < size; i++) set(object, rng() < 0.7 ? pick(KEYS) : randomString(), randomValue(depth + 1));
    return object;
  }
  const validEnvelope = (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value) &&
    value.type === "CRMConnectMessage" && typeof value.action === "string" &&
    value.action.length > 0 && value.action.length <= 100;

  const envelope = (action, data) => ({ type: "CRMConnectMessage", action, data });
  const nest = (levels) => {
    let value = {};
    for (let i = 0; i < levels; i++) value = { inner: value };
    return value;
  };
  const megabyte = () => "x".repeat(1 << 20) + Math.floor(rng() * 1e9);
  const sparse = () => {
    const list = [1];
    list[100000] = 2; // cheap to send, 100001 items to walk
    return list;
  };

  // Right shape from the right window, but the payload breaks the limits: rejected whole.
  const oversized = [
    () => envelope("ready", megabyte()),
    () => envelope("requestCrmData", { comments: megabyte() }),
    () => megabyte(),
    () => envelope("ready", nest(30)),
    () => envelope("ready", Array.from({ length: 25000 }, (_, i) => i)),
    () => envelope("ready", { ["k".repeat(1000)]: 1 }),
    () => envelope("ready", ["a", "b", "c", "d", "e"].map(() => "y".repeat(250000))),
    () => envelope("ready", { when: new Date() }),
    () => envelope("ready", { pattern: /x/g }),
    () => envelope("ready", new Map([["a", 1]])),
    () => envelope("ready", { set: new Set([1]) }),
    () => envelope("ready", { buffer: new ArrayBuffer(8) }),
    () => envelope("ready", new Uint8Array(1024)),
    () => envelope("ready", { blob: new Blob(["hello"]) }),
    () => envelope("ready", { error: new Error("boom") }),
    () => envelope("ready", { count: NaN }),
    () => envelope("ready", [Infinity]),
    () => envelope("requestCrmData", sparse()),
    () => new Date(),
    () => new Map([["type", "CRMConnectMessage"], ["action", "ready"]]),
  ];
  // Wrong types in the envelope.
  const wrongTypes = [
    () => ({ type: "CRMConnectMessage", action: 1 }),
    () => ({ type: "CRMConnectMessage", action: ["ready"] }),
    () => ({ type: "CRMConnectMessage", action: { name: "ready" } }),
    () => ({ type: "CRMConnectMessage", action: null }),
    () => ({ type: "CRMConnectMessage", action: "" }),
    () => ({ type: "CRMConnectMessage", action: "r".repeat(101) }),
    () => ({ type: "crmconnectmessage", action: "ready" }),
    () => ({ type: " CRMConnectMessage", action: "ready" }),
    () => ({ type: ["CRMConnectMessage"], action: "ready" }),
    () => ({ type: "ClientAppMessage", action: "ready" }),
    () => ({ action: "ready" }),
    () => [{ type: "CRMConnectMessage", action: "ready" }],
    () => JSON.stringify({ type: "CRMConnectMessage", action: "ready" }),
    () => null,
    () => 42,
    () => true,
  ];
  // Prototype tricks: an envelope only reachable through __proto__, pollution payloads.
  const protoTricks = [
    () => JSON.parse('{"__proto__": {"type": "CRMConnectMessage", "action": "ready"}}'),
    () => JSON.parse('{"constructor": {"prototype": {"type": "CRMConnectMessage", "action": "ready"}}}'),
    () => JSON.parse('{"type": "CRMConnectMessage", "__proto__": {"action": "requestCrmData"}}'),
  ];
  // Valid envelopes with actions that are nobody's handler, carrying pollution attempts.
  const unhandled = [
    () => envelope("__proto__", JSON.parse('{"__proto__": {"polluted": "yes"}}')),
    () => envelope("constructor", JSON.parse('{"prototype": {"polluted": "yes"}}')),
    () => envelope("toString", {}),
    () => envelope("hasOwnProperty", {}),
    () => envelope("valueOf", null),
    () => envelope("noSuchAction", JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}')),
  ];
  // What the right window must never get answered from a wrong one: the real thing.
  const genuine = [
    () => envelope("ready"),
    () => envelope("requestCrmData"),
    () => envelope("ready", {}),
  ];
  const random = () => {
    for (;;) {
      const value = randomValue(0);
      if (!validEnvelope(value)) return value;
    }
  };
  const kinds = { oversized, wrongTypes, protoTricks, unhandled, genuine, random: [random] };

  let unhandledSent = 0;
  for (let i = 0; i < options.count; i++) {
    const kind = options.kinds[i % options.kinds.length];
    const message = pick(kinds[kind])();
    if (kind === "unhandled") unhandledSent++;
    window.parent.postMessage(message, options.target);
  }
  return unhandledSent;
}
