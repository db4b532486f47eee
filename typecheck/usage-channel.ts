// crmConnect.channel: the postMessage core, as a fourth protocol module would use it.
export {};

const root: CrmConnect.Root | undefined = window.crmConnect;
if (root) {
  const core: CrmConnect.ChannelCore = root.channel;
  const limits: CrmConnect.Limits = core.limits;
  const budget: number = limits.depth + limits.nodes + limits.stringLength + limits.keyLength + limits.characters;

  const frame = document.querySelector("iframe");
  const channel: CrmConnect.Channel = core.create({
    name: "example",
    origin: "https://peer.example.com",
    target: () => (frame ? frame.contentWindow : null),
    debug: budget > 0,
    accept: (data: CrmConnect.PlainObject, info: CrmConnect.MessageInfo) =>
      typeof data.kind === "string" && info.origin === "https://peer.example.com",
    key: (data) => String(data.kind),
    limits: { transcript: { nodes: 200000, characters: 2097152 } },
  });
  channel.on("rejected", (error: CrmConnect.MessageRejected) => console.log(error.code, error.key, error.reason));
  const made: CrmConnect.MessageRejected = core.MessageRejected("too big");
  console.log(made.name, core.sanitize({ a: 1 }, { ...core.limits, nodes: 10 }));
  const sendOnly = core.create({ name: "broadcast", origin: "*", sendToAnyOrigin: true, target: () => window.parent });

  const off: CrmConnect.Unsubscribe = channel.on("hello", (data: unknown, extra: unknown) => {
    console.log(data, extra);
  });
  off();
  const handler = (data: { kind: string }) => console.log(data.kind);
  channel.on("bye", handler);
  channel.off("bye", handler);
  channel.emit("local", { anything: true });
  channel.emit("bare");
  const posted: boolean = channel.post({ kind: "hello" }) || sendOnly.post({ kind: "hi" }, "*");
  channel.log("debug", "posted", posted);
  channel.log("warn", "no extra");
  const stats: CrmConnect.ChannelStats = channel.stats();
  const rejected: number = stats.rejectedTotal + (stats.rejected["origin"] ?? 0) + stats.received + stats.accepted;
  const name: string = channel.name + channel.origin + rejected;
  channel.close();
  console.log(name, core.stats("connector").accepted);

  const clean: CrmConnect.JsonValue | undefined = core.sanitize({ a: [1, "two", null, { b: false }] });
  const value: unknown = JSON.parse("{}");
  if (core.isPlainObject(value)) {
    const keys: string[] = Object.keys(value);
    console.log(keys, value["anything"]);
  }
  const maybeOrigin: unknown = "https://a.example";
  if (core.isOrigin(maybeOrigin)) {
    const origin: string = maybeOrigin.toUpperCase();
    console.log(origin);
  }
  const config: CrmConnect.PlainObject | null = core.readConfig("crm-connect-connector-config");
  core.emitDom("example", "started", { key: "started", data: clean, extra: config });

  // After the connector's answer: the modules it waited for, and what came for one meanwhile.
  core.loaded?.().then((loaded: CrmConnect.Root) => {
    const held: MessageEvent[] = core.takeHeld ? core.takeHeld("https://peer.example.com") : [];
    console.log(loaded.skylight?.state().status, loaded.ucp?.inUcp(), held.length);
  });
}

// The blocks the template tags render are typed as the server writes them.
function usageConfigs(core: CrmConnect.ChannelCore): void {
  const connector = core.readConfig("crm-connect-connector-config");
  const url: string | undefined = connector?.crmDataUrl;
  const origins: string[] | undefined = core.readConfig("crm-connect-ucp-config")?.origins;
  const features: string | undefined = core.readConfig("crm-connect-skylight-config")?.windowFeatures;
  const other: CrmConnect.PlainObject | null = core.readConfig("my-own-config");
  console.log(url, origins, features, other);
}

// The core's emitter, storage and loader (channel.js), and its page side (channel-page.js).
function usageCore(core: CrmConnect.ChannelCore): void {
  const events: CrmConnect.Emitter = core.emitter("example");
  const stop: CrmConnect.Unsubscribe = events.on("example/", (data: unknown, extra: unknown) => console.log(data, extra));
  events.on("*", () => undefined);
  events.emit("example/started", { at: 1 }, "extra");
  events.off("*", stop);
  stop();

  const area: CrmConnect.StorageArea = "sessionStorage";
  const stored: unknown = core.read(area, "example.key");
  const written: boolean = core.write ? core.write("localStorage", "example.key", { stored }) : false;
  core.load("/static/example.js").then(() => console.log("ran", written), (error: unknown) => console.warn(error));

  const page: CrmConnect.PageCore | undefined = core.page;
  if (page) {
    const priority: CrmConnect.ClickPriority = page.priority;
    const number: string = page.number("tel:+1-555-010-0199;ext=2");
    const link = document.querySelector("a");
    const dialled: string = link ? page.numberOf(link, "data-example-number") + page.numberOf(link) : "";
    const off: CrmConnect.Unsubscribe = page.handle(priority.connector + 5, (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target.closest("a[data-example]") : null;
      return target !== null && page.numberOf(target) !== "";
    });
    off();
    const url: string | null = page.safeUrl("/contacts/1/");
    const kind: "chooser" | "no-match" = page.showRecords(
      number,
      [{ id: 1, name: "Ada", url: url, objectType: "Contact", phone: dialled, email: "ada@example.com" }],
      "/contacts/new/",
      (name: string, values?: { number: string }) => name + (values ? values.number : "") + priority.skylight + priority.ucp
    );
    console.log(kind);
  }
}
console.log(usageCore);
