// crmConnect.skylight: the CxEngage Skylight popup, its state machine and typed errors.
export {};

async function useSkylight(skylight: CrmConnect.Skylight): Promise<void> {
  const origin: string = skylight.origin + skylight.windowName;

  try {
    const opened: CrmConnect.SkylightState = await skylight.open();
    await skylight.open({ timeout: 5000 });
    console.log(opened.status === "ready", opened.role, opened.reason, opened.queued + opened.pending);
  } catch (error) {
    if (error instanceof skylight.SkylightError) {
      const code: CrmConnect.SkylightErrorCode = error.code;
      if (code === "POPUP_BLOCKED" || code === "HANDSHAKE_TIMEOUT" || code === "CLOSED") {
        console.warn(error.message, error.name === "SkylightError");
      }
      const json: CrmConnect.SkylightErrorJson = error.toJSON();
      console.log(json.topic, json.context, json.data, json.level, json.sdk, error.topic, error.context, error.data, error.level, error.sdk);
    }
  }

  const reply: CrmConnect.JsonValue = await skylight.command("interactions", "dial", { phoneNumber: "+15550100" }, { subModule: "voice" });
  await skylight.command("interactions.voice", "dial", { phoneNumber: "+15550100" });
  await skylight.command("session", "goNotReady", undefined, { topic: "cxengage/session/state-changed", timeout: 3000, expectReply: true });
  await skylight.command("session", "goReady");
  await skylight.command("session", "goReady", null, { expectReply: false });
  await skylight.dial("+15550100");
  await skylight.dial(5550100, { recordId: "42", objectType: "Contact" }, { timeout: 1000 });
  await skylight.dial("+15550100", null);
  const dumped: CrmConnect.JsonValue = await skylight.dumpState();
  await skylight.dumpState({ timeout: 2000, expectReply: true });
  skylight.close();

  const state: CrmConnect.SkylightState = skylight.state();
  const statuses: CrmConnect.SkylightStatus[] = ["closed", "opening", "loaded", "ready"];
  const roles: CrmConnect.SkylightRole[] = ["popup", "relay", null];
  const lastError = state.lastError;
  if (lastError) {
    console.log(lastError.code, lastError.message);
  }

  const offState = skylight.on("state", (snapshot, extra) => console.log(snapshot.status, extra.previous));
  offState();
  skylight.on("error", (json: CrmConnect.SkylightErrorJson) => console.warn(json.code, json.message));
  skylight.on("dial", (result: CrmConnect.SkylightDialResult) => {
    console.log(result.phoneNumber, result.interactionMetadata, result.response, result.error);
  });
  const onTopic = (message: CrmConnect.SkylightMessage, extra: { relayed: boolean }) => {
    console.log(message.topic, message.response, message.error, extra.relayed);
  };
  skylight.on("cxengage/interactions/work-offer-received", onTopic);
  skylight.on("cxengage/interactions/", onTopic);
  skylight.on("*", onTopic);
  skylight.off("*", onTopic);

  const topic: Promise<string | null> = skylight.replyTopic("interactions", "voice", "dial").then((found) => found ?? skylight.replyTopic("session", null, "goReady"));

  const made: CrmConnect.SkylightError = skylight.SkylightError("INVALID_ARGUMENT", "bad", { topic: "t", data: { a: 1 } });
  const constructed: CrmConnect.SkylightError = new skylight.SkylightError(1003, "bad parameters");
  const prototype: CrmConnect.SkylightError = skylight.SkylightError.prototype;
  const asError: Error = made;

  const config: CrmConnect.SkylightConfig = {
    url: "https://skylight.example.com/",
    origin: "https://skylight.example.com",
    popupUrl: "https://skylight.example.com/?crm=1",
    windowName: "skylight",
    windowFeatures: "width=400,height=800",
    handshakeTimeout: 20000,
    commandTimeout: 10000,
    pollInterval: 500,
    shareAcrossTabs: true,
    clickToDial: true,
    sdkUrl: "/static/crm_connect/skylight-sdk.json",
    relayUrl: "/static/crm_connect/skylight-relay.js",
    replyTopicOverrides: { "interactions.voice.dial": "cxengage/interactions/voice/dial-send-acknowledged" },
    labels: { ready: "Skylight connected" },
    load: { scripts: ["/static/crm_connect/channel-page.js", "/static/crm_connect/skylight.js"], wait: 1000, clicks: "[data-skylight-open]", hold: "https://skylight.example.com" },
    messageLimits: { "cxengage/state": { nodes: 2000000, characters: 67108864 } },
    screenPop: true,
    phoneSearchUrl: "/crm-connect/api/phone-search/",
    texts: { chooserTitle: "Several records match {number}" },
    debug: false,
  };
  const tooLarge: CrmConnect.SkylightErrorCode = "MESSAGE_TOO_LARGE";
  const rows: CrmConnect.SkylightTransition[] = skylight.transitions();
  const next: CrmConnect.SkylightStatus | null = skylight.transition("opening", "loaded");
  const noRelay: CrmConnect.SkylightErrorCode = "RELAY_UNAVAILABLE";
  console.log(rows.filter((row) => row.from === "*" || row.from.includes("closed")).map((row) => row.event), next, noRelay);
  skylight.on("screenPop", (pop) => console.log(pop.matches, pop.numbers.join(","), tooLarge));
  console.log(origin, reply, dumped, statuses, roles, topic, constructed, prototype, asError, config);
}

const skylight = window.crmConnect?.skylight;
if (skylight) {
  void useSkylight(skylight);
}
