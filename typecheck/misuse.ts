// Misuse the declarations must reject: every line under @ts-expect-error has to be an
// error, or tsc fails with "Unused '@ts-expect-error' directive".
export {};

declare const root: CrmConnect.Root;
declare const connector: CrmConnect.Connector;
declare const ucp: CrmConnect.Ucp;
declare const skylight: CrmConnect.Skylight;

// window.crmConnect is absent on pages without a tag; so are the modules.
// @ts-expect-error possibly undefined
window.crmConnect.channel.isOrigin("x");
// @ts-expect-error possibly undefined
root.connector.send("ready");
// @ts-expect-error not a member
root.popup;

// channel
// @ts-expect-error a channel needs a target function
root.channel.create({ name: "x", origin: "https://a.example" });
// @ts-expect-error target is a function, not a window
root.channel.create({ name: "x", origin: "https://a.example", target: window });
// @ts-expect-error not a log level
root.channel.create({ name: "x", origin: "*", target: () => null }).log("loud", "x");
// @ts-expect-error limits are read-only
root.channel.limits.depth = 100;

// connector
// @ts-expect-error the mode is the server's, read-only
connector.mode = "window";
// @ts-expect-error not a mode
const popup: CrmConnect.ConnectorMode = "popup";
// @ts-expect-error openWindow() takes no options
void connector.openWindow({ width: 300 });
// @ts-expect-error notify() needs text or textArray
void connector.notify({ severity: "INFO" });
// @ts-expect-error textArray must not be empty
void connector.notify({ textArray: [] });
// @ts-expect-error not a severity
void connector.notify({ text: "x", severity: "LOUD" });
// @ts-expect-error not a notification type
void connector.notify({ text: "x", type: "toast" });
// @ts-expect-error lines are strings
void connector.notify({ textArray: [1] });
// @ts-expect-error notify() resolves with a boolean, not a string
const notified: Promise<string> = connector.notify({ text: "x" });
// @ts-expect-error setClickToDial() returns a Promise
const dialOn: boolean = connector.setClickToDial(true);
// @ts-expect-error an action name is needed
connector.send();
// @ts-expect-error the error event's code is a string, and may be absent
connector.on("error", (data) => data.code.toFixed());
// @ts-expect-error a rejected message's code is "too-large" or "not-data"
connector.on("rejected", (error) => error.code === "huge");
// @ts-expect-error logSaved's taskId is a string
connector.on("logSaved", (data) => data.taskId.toFixed());
// @ts-expect-error not a status
const status: CrmConnect.ConnectorStatus = "ready";
// @ts-expect-error state() is a function
connector.state.status;
// @ts-expect-error the origin is read-only
connector.origin = "https://evil.example";

// ucp
// @ts-expect-error the payload is an object
ucp.send("CLOSE_CRM_TAB", "tab-1");
// @ts-expect-error a tab id is a string or a number
ucp.closeTab({ id: {} });
// @ts-expect-error a number is needed
ucp.makeCall();
// @ts-expect-error a number, not null
ucp.makeCall(null);
// @ts-expect-error ucp.js dispatches sent, refused and not-framed only
ucp.on("received", () => undefined);
// @ts-expect-error sent's extra has targetOrigins
ucp.on("sent", (message, extra) => extra.origin);
// @ts-expect-error isFramed() is a function
const framed: boolean = ucp.isFramed;

// skylight
// @ts-expect-error the module is a string
void skylight.command(1, "dial");
// @ts-expect-error command data is JSON-like: no functions
void skylight.command("session", "goReady", () => 1);
// @ts-expect-error timeout is a number
void skylight.open({ timeout: "5s" });
// @ts-expect-error not a command option
void skylight.command("session", "goReady", {}, { retries: 3 });
// @ts-expect-error open() resolves with the state, not a window
const popup: Promise<Window> = skylight.open();
// @ts-expect-error not a status
const skylightStatus: CrmConnect.SkylightStatus = "connected";
// @ts-expect-error the state handler gets a state, whose status is not a number
skylight.on("state", (snapshot) => snapshot.status.toFixed());
// @ts-expect-error topic handlers get messages with a string topic
skylight.on("cxengage/session/", (message) => message.topic.toFixed());
// @ts-expect-error a SkylightError needs a message
skylight.SkylightError("CLOSED");

// DOM events
// @ts-expect-error clickToDial's detail has enabled, not on
document.addEventListener("crm-connect:connector:clickToDial", (event) => event.detail.data.on);
// @ts-expect-error the state event's data is a SkylightState
document.addEventListener("crm-connect:skylight:state", (event) => event.detail.data.toUpperCase());
// @ts-expect-error the connector's crmDataUrl is a string
const notANumber: number | undefined = window.crmConnect?.channel.readConfig("crm-connect-connector-config")?.crmDataUrl;
// @ts-expect-error not a status of the lifecycle
skylight.transition("gone", "loaded");

// the core's page side
// @ts-expect-error it may be missing: test for it (channel-page.js comes with some tags only)
window.crmConnect!.channel.page.number("tel:1");
// @ts-expect-error a click handler registers with a numeric priority
window.crmConnect?.channel.page?.handle("ucp", () => true);
// @ts-expect-error the priorities are read-only
window.crmConnect!.channel.page!.priority.ucp = 1;
