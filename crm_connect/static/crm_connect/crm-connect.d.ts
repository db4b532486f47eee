/**
 * django-crm-connect: TypeScript declarations for `window.crmConnect`, the API of the
 * scripts in this directory (docs/javascript.md).
 *
 * - `channel.js` (loaded by every tag) sets `crmConnect.channel`;
 * - `channel-page.js` (with the UCP and Skylight tags; loaded by `connector.js` with its
 *   features) sets `crmConnect.channel.page`: the click dispatcher, tel: numbers, the
 *   record chooser;
 * - `connector.js` ({% crm_connect_connector %}) sets `crmConnect.connector`, whose
 *   features come from `connector-features.js` (and its parts), loaded when first needed;
 *   in window mode (docs/softphone-window.md) a CRM page has `connector-tab.js` instead,
 *   which sets the same API over a BroadcastChannel to the softphone window
 *   (`connector-window.js`);
 * - `ucp.js` ({% crm_connect_ucp %}) sets `crmConnect.ucp`;
 * - `skylight.js` ({% crm_connect_skylight %}), after its parts, sets `crmConnect.skylight`.
 *
 * A script renders nothing for users it does not apply to (anonymous users, no call
 * center), so every member is optional: test for it before use.
 *
 * Use it with `/// <reference path=".../crm_connect/crm-connect.d.ts" />` or by listing
 * the file in your tsconfig.json's "files". It declares globals only; it imports nothing.
 * tests/test_typescript.py checks it against the scripts as they run.
 */

declare namespace CrmConnect {
  // --- data ------------------------------------------------------------------------------

  /** What crosses a channel: JSON-like data, as `channel.sanitize()` leaves it. */
  type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
  type JsonObject = { [key: string]: JsonValue | undefined };

  /** A plain object (`{}` or `Object.create(null)`), as `channel.isPlainObject()` tests. */
  type PlainObject = { [key: string]: unknown };

  /** `{origin, source}` of a message received from a peer window (frozen). */
  interface MessageInfo {
    readonly origin: string;
    readonly source: MessageEventSource | null;
  }

  /** What the handler of a channel or module gets (`key`: the key emitted, useful to a
   * handler of `"*"` or of a prefix), and the DOM event's `detail`. */
  type Handler<D = unknown, X = unknown> = (data: D, extra: X, key: string) => void;

  /** Removes the handler that `on()` added. */
  type Unsubscribe = () => void;

  /** `event.detail` of every DOM event `crm-connect:<module>:<key>` on `document`. */
  interface EventDetail<D = unknown, X = unknown> {
    key: string;
    data: D;
    extra: X;
  }

  // --- channel.js: the postMessage core ---------------------------------------------------

  /** The size limits of `sanitize()` (docs/security.md). Frozen. */
  interface Limits {
    readonly depth: number;
    readonly nodes: number;
    readonly stringLength: number;
    readonly keyLength: number;
    readonly characters: number;
  }

  /** Limits of one message type, over the defaults (`ChannelOptions.limits`). */
  type LimitsOverride = { [K in keyof Limits]?: number };

  /**
   * A message from the peer (right origin and window) that breaks its limits, or is not
   * plain data: the `data` of a channel's `"rejected"` event. Never dropped silently.
   */
  interface MessageRejected extends Error {
    name: "MessageRejected";
    code: "too-large" | "not-data";
    /** The handler key the message would have had (`options.key`), or `""`. */
    key: string;
    reason: string;
    /** The message as it came, unchecked: read with care, never merge it into objects. */
    data: unknown;
  }

  /** Messages counted by a channel name: received, accepted, rejected by reason. */
  interface ChannelStats {
    received: number;
    accepted: number;
    rejectedTotal: number;
    rejected: { [reason: string]: number };
  }

  interface ChannelOptions {
    /** The module name: the prefix of its DOM events and of its log lines. */
    name: string;
    /** The peer's exact origin (`https://host[:port]`, lower case), or `"*"` with `sendToAnyOrigin`. */
    origin: string;
    /** The peer window, or null when it is not there (nothing is sent or accepted). */
    target: () => Window | null | undefined;
    /** Whether sanitized data from the peer is a message of this protocol. */
    accept?: (data: PlainObject, info: MessageInfo) => boolean;
    /**
     * The handler key of an accepted message (default `"message"`). It also runs on data
     * not checked yet (to pick the limits): anything but a non-empty string is no key.
     */
    key?: (data: PlainObject) => unknown;
    /** Limits per handler key over `channel.limits`, e.g. `{requestSaveInteractionLog: {nodes: 200000}}`. */
    limits?: { [key: string]: LimitsOverride };
    debug?: boolean;
    /** With `origin: "*"`: a channel that only sends, to any origin. */
    sendToAnyOrigin?: boolean;
  }

  type LogLevel = "debug" | "info" | "log" | "warn" | "error";

  /**
   * Handlers by key (`channel.emitter(name)`): a key ending in `/` also gets every key it
   * starts (`"skylight/"` gets `"skylight/loaded"`), `"*"` gets every key.
   */
  interface Emitter {
    /** Throws a TypeError without a non-empty key and a function. */
    on(key: string, handler: Handler<any, any>): Unsubscribe;
    /** Removes the handler `on(key, handler)` added (every registration of that pair, if added twice). */
    off(key: string, handler: Handler<any, any>): void;
    /**
     * Runs every handler of `key` (one that throws is logged, the others still run), then
     * dispatches `crm-connect:<name>:<key>` on `document`.
     */
    emit(key: string, data?: unknown, extra?: unknown): void;
  }

  interface Channel extends Emitter {
    readonly name: string;
    readonly origin: string;
    /** Posts to the peer; false (and a debug log line) when the peer or the origin is wrong. */
    post(message: unknown, targetOrigin?: string): boolean;
    log(level: LogLevel, message: string, extra?: unknown): void;
    stats(): ChannelStats;
    /** Stops listening for messages. */
    close(): void;
  }

  interface ChannelCore {
    /** Throws a TypeError without a name and a target function, or with an inexact origin. */
    create(options: ChannelOptions): Channel;
    /**
     * A copy of JSON-like data within `limits`, without `__proto__`, `constructor` and
     * `prototype` keys. Throws (an object with a `reason`) on anything else.
     */
    sanitize(value: unknown, limits?: Limits): JsonValue | undefined;
    isPlainObject(value: unknown): value is PlainObject;
    /** An exact, lower-case `http(s)://host[:port]` origin. */
    isOrigin(value: unknown): value is string;
    /**
     * The JSON object in the element of that id (a `json_script` block), or null. The
     * blocks the template tags render are typed as the server writes them.
     */
    readConfig(id: "crm-connect-connector-config"): (ConnectorConfig & PlainObject) | null;
    readConfig(id: "crm-connect-ucp-config"): (UcpConfig & PlainObject) | null;
    readConfig(id: "crm-connect-skylight-config"): (SkylightConfig & PlainObject) | null;
    readConfig(id: "crm-connect-softphone-config"): (SoftphoneConfig & PlainObject) | null;
    readConfig(id: string): PlainObject | null;
    /** Dispatches `CustomEvent("crm-connect:<name>:<key>", {detail})` on `document`. */
    emitDom(name: string, key: string, detail: unknown): void;
    /** The event dispatch every module uses; `name` prefixes its DOM events. */
    emitter(name: string): Emitter;
    /** The JSON value stored under `key`, or null (none, not JSON, storage unavailable). Never throws. */
    read(area: StorageArea, key: string): unknown;
    /**
     * Stores `value` as JSON (null or undefined: removes it); false when storage refused.
     * Never throws. Set by `channel-page.js` (what writes is never on the handshake path).
     */
    write?: (area: StorageArea, key: string, value: unknown) => boolean;
    /**
     * Runs the script at `url` with `channel.js`'s CSP nonce; scripts loaded so run in the
     * order asked. Resolves once it ran; rejects (an Error) when it did not load.
     */
    load(url: string): Promise<unknown>;
    /** Set by `channel-page.js`, on pages whose protocols act on links. */
    page?: PageCore;
    /**
     * Set by `channel-page.js`. Internal: registers one part of a module that comes in
     * several files (`_parts`); the module's last file puts them together.
     */
    part?: <M extends keyof ModuleParts, K extends keyof NonNullable<ModuleParts[M]>>(
      module: M,
      name: K,
      setup: NonNullable<NonNullable<ModuleParts[M]>[K]>,
    ) => void;
    /**
     * Set by `channel-lazy.js` (with the UCP and Skylight tags). Resolves with
     * `window.crmConnect` once the scripts the page runs after the connector's answer have
     * run: `crmConnect.ucp` and `crmConnect.skylight` are there from then on.
     */
    loaded?: () => Promise<Root>;
    /**
     * Set by `channel-lazy.js`: the messages from `origin` (a block's `load.hold`) that
     * arrived while the scripts waited, each handed over once; `[]` once they have all run.
     */
    takeHeld?: (origin: string) => MessageEvent[];
    /**
     * Internal: the parts of the modules that come in several files. Each part's file adds
     * its function here; the module's last file puts them together.
     */
    _parts?: ModuleParts;
    stats(name: string): ChannelStats;
    readonly limits: Limits;
    /** Makes the error of `"rejected"` events (`code` defaults to `"too-large"`). */
    MessageRejected(reason: string, code?: "too-large" | "not-data"): MessageRejected;
  }

  type StorageArea = "localStorage" | "sessionStorage";

  /**
   * A configuration block's `load` (`data-crm-connect-load`): what `channel-lazy.js` runs
   * after the connector's answer (at once without the connector, or on a first input).
   */
  interface ScriptsAfterConnector {
    /** URLs, run in order, each once per page. */
    scripts: string[];
    /** ms to wait for the connector's answer before running them anyway. */
    wait: number;
    /** A CSS selector: an earlier click on a match is dispatched again once they ran. */
    clicks: string;
    /** An origin whose messages are held for them meanwhile (`takeHeld`); `""`: none. */
    hold: string;
  }

  // --- channel-page.js: the core's page side ------------------------------------------------

  /** Who is asked first about a click on the page: lower first. */
  interface ClickPriority {
    readonly skylight: number;
    readonly ucp: number;
    readonly connector: number;
  }

  /** `crmConnect.channel.page` (docs/contributing.md, "One click dispatcher"). */
  interface PageCore {
    /**
     * Where a screen pop, a chosen record or "navigate to result" goes: `location.assign`
     * by default; a boosted visit on a page that keeps its connector
     * (`connector-persist.js`), the tab used last in the softphone window. Replace it for
     * your own router.
     */
    visit(url: string): void;
    /**
     * The number of a `tel:` URI, or of a number as written (RFC 3966): without `tel:`,
     * parameters (`;ext=…`) and visual separators (`- . ( )`, white space); `""` when what
     * is left is not an optional `+` then digits, `*` and `#`.
     */
    number(text: unknown): string;
    /** The number `element` dials: its `attribute` when set, else its `tel:` href; or `""`. */
    numberOf(element: Element, attribute?: string): string;
    readonly priority: ClickPriority;
    /**
     * Registers a click handler with a priority (`priority.ucp`…): for each plain left click
     * not prevented yet, the handlers are asked in order; the first that returns true takes
     * it, and its default is prevented once.
     */
    handle(priority: number, handler: (event: MouseEvent) => unknown): Unsubscribe;
    /** An http(s) URL made absolute, or null (never `javascript:` or `data:`). */
    safeUrl(url: unknown): string | null;
    /**
     * The modal records dialog of a screen pop: a choice of `records`, or (none) an offer
     * to create one at `createUrl`. Returns the kind shown.
     */
    showRecords(
      number: string,
      records: { id?: unknown; name?: string; url?: unknown; objectType?: string; phone?: string; email?: string }[],
      createUrl: unknown,
      text: (name: string, values?: { number: string }) => string
    ): "chooser" | "no-match";
  }

  // --- connector.js and connector-features.js ---------------------------------------------

  /** Where the connector is: framed by the page, or in one softphone window (`CONNECTOR_MODE`). */
  type ConnectorMode = "docked" | "window";

  /** The JSON block `crm-connect-connector-config` that `{% crm_connect_connector %}` renders. */
  interface ConnectorConfig {
    origin: string;
    iframeId: string;
    mode: ConnectorMode;
    /** Inlined handshake data, or null: then it is fetched from `crmDataUrl`. */
    crmData: JsonObject | null;
    crmDataUrl: string;
    debug: boolean;
    /** Milliseconds to wait for the connector's first `ready` (`HANDSHAKE_TIMEOUT`, at least 1). */
    handshakeTimeout: number;
    /** Names this user's entries of web storage: the user's pk, or `"anonymous"`. */
    userId: string;
    csrfToken: string;
    csrfHeader: string;
    urls: {
      directory: string;
      phoneSearch: string;
      /** With `__id__` where the record id goes. */
      record: string;
      interactionLogs: string;
      abandonedLogs: string;
      reports: string;
    };
    customFields: { voice: JsonObject; digital: JsonObject };
    /** `attempts` per page load, `limit` in all, `delay` ms before the first retry. */
    logRetry: { attempts: number; delay: number; limit: number };
    screenPopKeys: string[];
    texts: { [name: string]: string };
    notifications: { severityKeys: string[] };
    /**
     * The feature module's files, in the order to load them: its parts, then
     * `connector-features.js`, which registers (`FEATURE_SCRIPTS` in Python).
     */
    featureUrls: string[];
    /** `channel-page.js`, loaded with the features when the page has not loaded it. */
    pageUrl: string;
    /** The actions connector-features.js answers (`FEATURE_ACTIONS` in Python). */
    actions: string[];
    /** Limits per action over `channel.limits` (`MESSAGE_LIMITS` in Python). */
    limits: { [action: string]: LimitsOverride };
  }

  /** `closed`, `opening` and `blocked` (the pop-up blocker refused the window): only on a
   * page in window mode, while no softphone window holds the connector. */
  type ConnectorStatus = "waiting" | "acknowledged" | "connected" | "timeout" | "closed" | "opening" | "blocked";

  /** The JSON block `crm-connect-softphone-config`: window mode's pages and window. */
  interface SoftphoneConfig {
    mode: "window";
    origin: string;
    userId: string;
    /** The softphone window's page, and `window.open`'s name and features (its size). */
    windowUrl: string;
    windowName: string;
    windowFeatures: string;
    /** The BroadcastChannel's name. */
    channel: string;
    /** ms a window opened by `openWindow()` has to say it started (`HANDSHAKE_TIMEOUT`). */
    handshakeTimeout: number;
    debug: boolean;
    texts: { [name: string]: string };
    /** The window page only: its Web Lock, the session check (URL, ms) and connector.js. */
    lock?: string;
    sessionUrl?: string;
    sessionCheck?: number;
    connectorUrl?: string;
  }

  /** Why `openWindow()` rejected (`code`), or a call to the window failed. */
  interface SoftphoneError extends Error {
    code: "POPUP_BLOCKED" | "WINDOW_CLOSED" | "TIMEOUT" | "UNSUPPORTED" | "NOT_WINDOW_MODE" | "NOT_SUPPORTED";
  }

  /** A copy of the connector's state: `crmConnect.connector.state()`. */
  interface ConnectorState {
    status: ConnectorStatus;
    /** `ready` messages received. */
    ready: number;
    crmDataSent: number;
    lastError: string | null;
    clickToDial: boolean;
    logsSaved: number;
    logFailures: number;
  }

  /** A message from the connector, as its handlers receive it. */
  interface ConnectorMessage {
    type: "CRMConnectMessage";
    action: string;
    data?: JsonValue;
    [key: string]: JsonValue | undefined;
  }

  type NotificationType = "transient" | "okDialog" | "okCancelDialog" | "fixedDialog" | "html";
  type Severity = "EVENT" | "INFO" | "WARNING" | "ERROR" | "CRITICAL" | "SUCCESS";

  interface NotifyCommon {
    /** Default `"transient"`. */
    type?: NotificationType;
    /** Default `"INFO"`. */
    severity?: Severity;
    title?: string;
    /** An integer; default: the next of this page's counter. */
    dialogId?: number;
    persist?: boolean;
    store?: boolean;
  }

  /** `notify()`: the lines in `textArray`, or one line in `text`. */
  type NotifyOptions = NotifyCommon &
    ({ textArray: readonly [string, ...string[]]; text?: string } | { text: string; textArray?: undefined });

  /** Actions the connector sends that the scripts handle. */
  type ConnectorAction =
    | "ready"
    | "requestCrmData"
    | "requestGetCrmDirectory"
    | "requestGetCRMDirectory"
    | "requestEnableClickToDial"
    | "requestNavigateToClickToDialResult"
    | "requestPerformInteractionScreenPop"
    | "requestSaveInteractionLog"
    | "requestCustomFieldsValues"
    | "requestOpenReports";

  /** What `connector.on(key)` handlers get as `data`, by key: the scripts' own events. */
  interface ConnectorEvents {
    /** The handshake completed; `data` is the `crmData` sent. */
    connected: JsonObject;
    /** `code` when a message was refused (`MessageRejected.code`). */
    error: { message: string; code?: string };
    /** A message of the connector beyond its limits, or not plain data. */
    rejected: MessageRejected;
    timeout: { origin: string };
    navigate: { url: string };
    clickToDial: { enabled: boolean };
    /** Window mode, on the CRM's pages: the softphone window closed (by the agent, or
     * because the agent signed out). */
    windowClosed: { reason: "closed" | "signed-out" };
    dialog: { kind: "chooser" | "no-match" };
    screenPop: { key: string; matches: number };
    screenPopSuppressed: { key: string };
    /** `taskId`: the interaction id sent in `createHistoryItem`; `id`: the log's key. */
    logSaved: { interactionId: string; taskId: string; id: string };
    logRetry: { interactionId: string; attempt: number; reason: string };
    logFailed: { interactionId: string; reason: string };
    logRejected: { interactionId: string; reason: string };
    /** A log given up (refused, or `limit` tries): `exported` once the server has it. */
    logAbandoned: { interactionId: string; reason: string; exported: boolean };
    /** A log too large for the page: kept for `exportLogs()`, the agent told. */
    logTooLarge: { interactionId: string; reason: string };
  }

  /** A log not saved yet, as `exportLogs()` gives it. */
  interface ExportedLog {
    interactionId: string;
    /** The `data` of its `requestSaveInteractionLog`, as JSON text. */
    json: string;
    /** Why it could not be saved here, or `""`. */
    reason: string;
  }

  /** What `connector-features.js` hands to `_register`'s setup. Internal. */
  interface ConnectorCore {
    config: ConnectorConfig;
    channel: Channel;
    state: ConnectorState;
    send(action: string, data?: unknown): boolean;
    fail(error: unknown): void;
    /** This user's web-storage key of `name`: `crmConnect.<name>.<user id>`. */
    key(name: string): string;
    /** This user's stored object `name`, or `{}`. */
    readStore(area: StorageArea, name: string): { [key: string]: any };
  }

  /** What `connector-features.js` hands to its parts (`_parts.connector`). Internal. */
  interface ConnectorFeatureKit extends ConnectorCore {
    page: PageCore;
    /** `value` when a plain object, else `{}`. */
    object(value: unknown): any;
    /** An own property, never an inherited one. */
    has(value: object, name: string): boolean;
    /** `channel.write` of this user's entry `name`; false (and a log line) when refused. */
    writeStore(area: StorageArea, name: string, value: unknown): boolean;
    /** The agent's text `name` (`config.texts`), `{key}` filled from `values`. */
    text(name: string, values?: { [key: string]: unknown }): string;
    /** The CRM's API: same origin, JSON, the CSRF token on writes. Rejects on network errors only. */
    api(method: "GET" | "POST", url: string, body?: unknown): Promise<{ ok: boolean; status: number; json: any }>;
    /** Navigates to an http(s) URL (the `navigate` event first); false when it is not one. */
    openUrl(url: unknown): boolean;
    /** An error dialog in the connector. */
    notifyError(line: string, title?: string): void;
    /** A rejection handler: reports `error` and tells the agent the text `what`. */
    failed(what: string): (error: unknown) => void;
    /** The value at a dotted `path` of own properties of plain objects, or undefined. */
    lookup(data: unknown, path: string): unknown;
  }

  /** `connector-calls.js`: click-to-dial, screen pops, the dialled record. Internal. */
  interface ConnectorCalls {
    setClickToDial(enabled: boolean): boolean;
    navigateToResult(message: ConnectorMessage): void;
    screenPop(message: ConnectorMessage): void;
  }

  /** `connector-logs.js`: interaction logs. Internal. */
  interface ConnectorLogs {
    memoryLogs: { [interactionId: string]: unknown };
    rejected(error: MessageRejected): void;
    saveAction(message: ConnectorMessage): void;
    exportLogs(): ExportedLog[];
    discardLog(interactionId: string): boolean;
  }

  /** `channel._parts.connector`: what `connector-features.js` puts together. Internal. */
  interface ConnectorParts {
    calls?: (kit: ConnectorFeatureKit) => ConnectorCalls;
    logs?: (kit: ConnectorFeatureKit) => ConnectorLogs;
  }

  /** What `_register`'s setup returns. Internal. */
  interface ConnectorFeatures {
    actions: { [action: string]: (message: ConnectorMessage) => void };
    notify(options: NotifyOptions): boolean;
    setClickToDial(enabled: boolean): boolean;
    /** Docked: throws a `SoftphoneError` (`NOT_WINDOW_MODE`). */
    openWindow(): never;
    memoryLogs: { [interactionId: string]: unknown };
    rejected(error: MessageRejected): void;
  }

  interface Connector {
    /** The connector iframe's origin. */
    readonly origin: string;
    /** `"docked"` (framed by this page) or `"window"` (in the softphone window). */
    readonly mode: ConnectorMode;
    /**
     * Window mode: opens the softphone window (or raises the one open), and resolves once
     * its connector is connected; rejects with a `SoftphoneError`: `POPUP_BLOCKED` when
     * `window.open` was refused, `WINDOW_CLOSED` when it closed first, `TIMEOUT` when its
     * connector did not answer. Call it from a click, or the pop-up blocker may refuse it.
     * Docked: rejects with `NOT_WINDOW_MODE`.
     */
    openWindow(): Promise<void>;
    on<K extends keyof ConnectorEvents>(key: K, handler: Handler<ConnectorEvents[K], undefined>): Unsubscribe;
    on(key: ConnectorAction, handler: Handler<ConnectorMessage, MessageInfo>): Unsubscribe;
    /** Any key; `"*"`: every action and event (the core's emitter, `Emitter`). */
    on(key: string, handler: Handler<any, any>): Unsubscribe;
    off(key: string, handler: Handler<any, any>): void;
    /**
     * Posts `{type: "ClientAppMessage", action, data}` to the connector; false when the
     * iframe is not there (window mode: no softphone window is open). Throws a TypeError
     * without an action.
     */
    send(action: string, data?: unknown): boolean;
    /**
     * Shows a notification in the connector (`displayErrorNotification`). Loads the
     * features first; resolves with whether it was posted; rejects with a TypeError on
     * invalid options.
     */
    notify(options: NotifyOptions): Promise<boolean>;
    /** Turns click-to-dial on the page's `tel:` record links on or off; resolves with the new value. */
    setClickToDial(enabled: boolean): Promise<boolean>;
    /** Interaction ids of logs stored but not saved yet. */
    pendingLogs(): string[];
    /** The logs not saved yet as JSON text; there once the features loaded (they load
     * on the first rejected log, and on every page while logs are pending). */
    exportLogs?: () => ExportedLog[];
    /** Forgets a log not saved (after exporting it); false when there is none. */
    discardLog?: (interactionId: string) => boolean;
    state(): ConnectorState;
    /** @internal connector-features.js registers itself here (docked, and in the window). */
    _register?: (setup: (core: ConnectorCore) => ConnectorFeatures) => void;
  }

  // --- ucp.js -----------------------------------------------------------------------------

  /** The JSON block `crm-connect-ucp-config` that `{% crm_connect_ucp %}` renders. */
  interface UcpConfig {
    origins: string[];
    /** True when no UCP origin is configured: messages go to `"*"` (check W301). */
    anyOrigin: boolean;
    makeCallField: string;
    debug: boolean;
    /** `ucp.js` and what it needs, run after the connector's answer. */
    load: ScriptsAfterConnector;
  }

  /** A message to UCP. */
  interface UcpMessage {
    type: string;
    payload?: JsonObject;
  }

  /** What `ucp.on(key)` handlers get, by key, as `[data, extra]`. */
  interface UcpEvents {
    sent: [UcpMessage, { targetOrigins: string[] }];
    refused: [{ reason: string; message: { type: unknown; payload?: unknown } }, undefined];
    "not-framed": [UcpMessage, undefined];
  }

  interface Ucp {
    /** Whether the page is in a frame. */
    isFramed(): boolean;
    /** Whether the page is framed by a parent it may talk to. */
    inUcp(): boolean;
    /** The origins a message would be posted to now (`["*"]` when none is configured). */
    targetOrigins(): string[];
    /** The payload field `makeCall()` puts the number in (`UCP_MAKE_CALL_FIELD`). */
    readonly makeCallField: string;
    /** Posts `{type, payload}` to UCP. True when posted; never throws. */
    send(type: string, payload?: JsonObject | null): boolean;
    /** `CLOSE_CRM_TAB`: closes this page's tab, or the tab `payload.id` names. */
    closeTab(payload?: { id?: string | number } | null): boolean;
    /** `MAKE_CALL` with the number under `makeCallField`, plus the fields of `extra`. */
    makeCall(number: string | number, extra?: JsonObject | null): boolean;
    /** Shows `[data-crm-connect-ucp-only]` elements under `container` when in UCP. */
    reveal(container?: ParentNode): boolean;
    on<K extends keyof UcpEvents>(key: K, handler: (data: UcpEvents[K][0], extra: UcpEvents[K][1]) => void): Unsubscribe;
    /** Every event (the core's emitter). */
    on(key: "*", handler: Handler<unknown, unknown>): Unsubscribe;
    off(key: keyof UcpEvents | "*", handler: Handler<any, any>): void;
  }

  // --- skylight.js ------------------------------------------------------------------------

  /** The JSON block `crm-connect-skylight-config` that `{% crm_connect_skylight %}` renders. */
  interface SkylightConfig {
    url: string;
    origin: string;
    popupUrl: string;
    windowName: string;
    windowFeatures: string;
    handshakeTimeout: number;
    commandTimeout: number;
    pollInterval: number;
    shareAcrossTabs: boolean;
    clickToDial: boolean;
    /**
     * The SDK command table (`skylight-sdk.json`), fetched when Skylight is first needed:
     * `commands["module.subModule.command"].topic` is the topic of its reply; `""`: the SDK
     * publishes no reply (the command resolves once sent).
     */
    sdkUrl: string;
    /**
     * The cross-tab relay (`skylight-relay.js`), loaded when this tab takes up the popup,
     * finds another tab recorded as its holder, or hears another tab's Skylight.
     */
    relayUrl: string;
    /** `SKYLIGHT_REPLY_TOPICS`: reply topics laid over the SDK table's. */
    replyTopicOverrides: { [command: string]: string };
    /** Topic → the limits its messages are read within, over `channel.limits`. */
    messageLimits: { [topic: string]: Partial<Limits> };
    /** Search-pop screen pops find and open the caller's record (`SKYLIGHT_SCREEN_POP`). */
    screenPop: boolean;
    /** The phone search the screen pops use (the connector's); `""` without screen pops. */
    phoneSearchUrl: string;
    /** The screen-pop dialogs' texts. */
    texts: { [name: string]: string };
    /** Status → the text of `[data-skylight-status]` elements. */
    labels: { [status: string]: string };
    debug: boolean;
    /** `skylight.js` and what it needs, run after the connector's answer. */
    load: ScriptsAfterConnector;
  }

  /**
   * closed → opening (window opened) → loaded (`skylight/loaded`) → ready (target origin
   * defined); back to closed when the window closes, unloads or a handshake times out.
   */
  type SkylightStatus = "closed" | "opening" | "loaded" | "ready";

  /** `popup`: this tab holds the window; `relay`: another tab of this CRM does. */
  type SkylightRole = "popup" | "relay" | null;

  /**
   * What moves the status: each is also the `reason` that `state()` reports (the
   * `relayed-*` events report `"relayed"`).
   */
  type SkylightTransitionEvent =
    | "opened"
    | "reopening"
    | "reconnecting"
    | "retry"
    | "loaded"
    | "unloading"
    | "connected"
    | "already-connected"
    | "relayed-opening"
    | "relayed-loaded"
    | "relayed-ready"
    | "holder-left"
    | "handshake-timeout"
    | "window-closed"
    | "closed-by-page"
    | "skylight-closed"
    | "closed-in-other-tab"
    | "popup-blocked"
    | "relay-unavailable";

  /** A row of the lifecycle table: `event` moves a status in `from` (`"*"`: any) to `to`. */
  interface SkylightTransition {
    event: SkylightTransitionEvent;
    from: "*" | SkylightStatus[];
    to: SkylightStatus;
  }

  /** What `skylight-relay.js` gets from `skylight.js` (`_relay`). Internal. */
  interface SkylightRelayTab {
    /** This tab's id on the bus. */
    id: string;
    core: ChannelCore;
    state: Omit<SkylightState, "queued" | "pending">;
    messageLimits: { [topic: string]: Partial<Limits> };
    handshakeTimeout: number;
    SkylightError: SkylightErrorConstructor;
    broadcast(message: PlainObject): void;
    dispatch(key: string, data: unknown, extra: PlainObject): void;
    fail(code: SkylightErrorCode, message: string, details?: SkylightErrorDetails): SkylightError;
    move(event: string): void;
    topicOf(raw: unknown): string | null;
    settleWaiters(error: SkylightError | null): void;
    rejectAll(error: SkylightError): void;
    startHandshakeTimer(timeout: number, message?: string): void;
    stopHandshakeTimer(): void;
    command(module: string, command: string, data?: JsonValue, options?: CommandOptions): Promise<JsonValue>;
    dumpState(options?: Pick<CommandOptions, "timeout" | "expectReply">): Promise<JsonValue>;
    /** The tab that holds the popup, when it is another tab. */
    holder(): string | null;
    /** Another tab holds the popup (`from`), or none does (null). */
    follow(from: string | null, role: SkylightRole): void;
    /** Focuses the popup this tab holds. */
    focus(): void;
  }

  /** What the relay's setup returns. Internal. */
  interface SkylightRelay {
    onBusMessage(event: MessageEvent): void;
    sendRemote(message: PlainObject, options: CommandOptions, timeout: number, resolve: (value: JsonValue) => void, reject: (error: SkylightError) => void): void;
    /** Commands sent to the holder tab, waiting for its result. */
    pending(): number;
    rejectAll(error: SkylightError): void;
  }

  type SkylightRelaySetup = (tab: SkylightRelayTab) => SkylightRelay;

  /**
   * What the parts of `skylight.js` share: one per tab (page), made by `skylight.js`; each
   * part (`channel._parts.skylight`) adds its members. Internal.
   */
  interface SkylightTab {
    // skylight.js: the shared state, set up before the parts
    core: ChannelCore;
    config: SkylightConfig;
    /** This tab's id on the bus. */
    id: string;
    state: Omit<SkylightState, "queued" | "pending">;
    /** `crmConnect.skylight.on()`'s emitter. */
    events: Emitter;
    /** The Skylight window, when this tab holds it. */
    popup: Window | null;
    /** The tab that holds the popup, when it is another tab. */
    holderId: string | null;
    /** Waiting for the recorded holder tab to answer. */
    discovering: boolean;
    /** `open()` Promises, settled by `settleWaiters()`. */
    waiters: { resolve(state: SkylightState): void; reject(error: SkylightError): void }[];
    /** The popup's channel, made by `start()`. */
    channel: Channel | null;
    /** The other tabs' BroadcastChannel, made by `start()` (null: not shared). */
    bus: BroadcastChannel | null;
    /** `skylight-relay.js`, once loaded. */
    relay: SkylightRelay | null;
    /** `value` when a positive number, else `fallback`. */
    positive(value: unknown, fallback: number): number;
    log(level: LogLevel, message: string, extra?: unknown): void;
    topicOf(raw: unknown): string | null;
    // skylight-lifecycle.js
    SkylightError: SkylightErrorConstructor;
    /** The SkylightError of a reply that carries `error`. */
    sdkError(message: SkylightMessage): SkylightError;
    TRANSITIONS: SkylightTransition[];
    transition(status: string, event: string): SkylightStatus | null;
    snapshot(): SkylightState;
    move(event: string): void;
    fail(code: SkylightErrorCode, message: string, details?: SkylightErrorDetails): SkylightError;
    settleWaiters(error: SkylightError | null): void;
    // skylight-popup.js
    startHandshakeTimer(timeout: number, message?: string): void;
    stopHandshakeTimer(): void;
    onPopupMessage(message: SkylightMessage): void;
    /** Takes up the popup this tab's previous page held; false when there is none. */
    reconnect(): boolean;
    open(options?: { timeout?: number }): Promise<SkylightState>;
    close(): void;
    // skylight-commands.js
    prefetchSdk(): void;
    replyTopic(module: string, subModule: string | null | undefined, command: string): Promise<string | null>;
    /** Sends the commands that waited for the handshake. */
    flush(): void;
    /** Commands queued and waiting for a reply fail with `error`. */
    rejectAll(error: SkylightError): void;
    counts(): { queued: number; pending: number };
    resolveReply(message: SkylightMessage): void;
    /** A message over its limits: the command waiting on `topic` fails. */
    refused(reason: string, topic: string | null): void;
    command(module: string, command: string, data?: JsonValue, options?: CommandOptions): Promise<JsonValue>;
    dumpState(options?: Pick<CommandOptions, "timeout" | "expectReply">): Promise<JsonValue>;
    dial(phoneNumber: string | number, interactionMetadata?: JsonObject | null, options?: CommandOptions): Promise<JsonValue>;
    // skylight-tabs.js
    markHolder(holding: boolean): void;
    forgetHolder(id: unknown): void;
    broadcast(message: PlainObject): void;
    onBus(event: MessageEvent): void;
    needRelay(): void;
    registerRelay(setup: SkylightRelaySetup): void;
    /** At start: takes up this tab's popup, or asks the other tabs who holds one. */
    discover(): void;
    // skylight-page.js
    /** Shows the status and the last error in the launcher's elements. */
    render(): void;
    screenPop(pop: unknown): void;
    /** The click dispatcher's handler (priority 10): true when Skylight took the click. */
    onClick(event: MouseEvent): boolean;
  }

  /** A part of `skylight.js`: the members it adds to the tab. Internal. */
  type SkylightPart = (tab: SkylightTab) => Partial<SkylightTab>;

  /** `channel._parts.skylight`, by file: `skylight-<name>.js`. Internal. */
  interface SkylightParts {
    lifecycle?: SkylightPart;
    popup?: SkylightPart;
    commands?: SkylightPart;
    tabs?: SkylightPart;
    page?: SkylightPart;
  }

  /** `crmConnect.skylight.state()`, and what `open()` resolves with. */
  interface SkylightState {
    status: SkylightStatus;
    role: SkylightRole;
    /** Why the status last changed, e.g. `"connected"`, `"popup-blocked"`, `"window-closed"`. */
    reason: string | null;
    lastError: { code: SkylightErrorCode; message: string } | null;
    /** Commands waiting for the handshake. */
    queued: number;
    /** Commands waiting for a reply. */
    pending: number;
  }

  /** The scripts' own codes; an SDK error keeps Skylight's code (a number, e.g. 1003). */
  type SkylightErrorCode =
    | "POPUP_BLOCKED"
    | "HANDSHAKE_TIMEOUT"
    | "COMMAND_TIMEOUT"
    | "CLOSED"
    | "INVALID_ARGUMENT"
    | "UNREACHABLE"
    | "SDK_ERROR"
    | "MESSAGE_TOO_LARGE"
    | "SDK_TABLE_UNAVAILABLE"
    | "SCREEN_POP_FAILED"
    | "RELAY_UNAVAILABLE"
    | (string & {})
    | number;

  interface SkylightErrorJson {
    name: string;
    code: SkylightErrorCode;
    message: string;
    topic: string | null;
    context: JsonValue | null;
    data: JsonValue | null;
    level: JsonValue | null;
    sdk: JsonValue | null;
  }

  interface SkylightError extends Error {
    name: "SkylightError";
    code: SkylightErrorCode;
    /** The reply topic that carried the error, if any. */
    topic: string | null;
    context: JsonValue | null;
    data: JsonValue | null;
    level: JsonValue | null;
    /** Skylight's error object as received. */
    sdk: JsonValue | null;
    toJSON(): SkylightErrorJson;
  }

  interface SkylightErrorDetails {
    topic?: string | null;
    context?: JsonValue | null;
    data?: JsonValue | null;
    level?: JsonValue | null;
    sdk?: JsonValue | null;
  }

  /** Works with and without `new`; `error instanceof crmConnect.skylight.SkylightError`. */
  interface SkylightErrorConstructor {
    new (code: SkylightErrorCode, message: string, details?: SkylightErrorDetails): SkylightError;
    (code: SkylightErrorCode, message: string, details?: SkylightErrorDetails): SkylightError;
    readonly prototype: SkylightError;
  }

  /** A message from the Skylight popup (or relayed from the tab that holds it). */
  interface SkylightMessage {
    topic: string;
    response?: JsonValue;
    error?: JsonValue;
    [key: string]: JsonValue | undefined;
  }

  interface CommandOptions {
    /** `command("interactions", "dial", data, {subModule: "voice"})`. */
    subModule?: string;
    /** The reply topic, when `replyTopics` does not know it. */
    topic?: string;
    /** Milliseconds; default `commandTimeout`. */
    timeout?: number;
    /** false: resolve with null once sent, without waiting for a reply. */
    expectReply?: boolean;
  }

  /** `data` of the `dial` event, after a click on a dial link. */
  interface SkylightDialResult {
    phoneNumber: string;
    interactionMetadata: JsonObject;
    response: JsonValue;
    error: SkylightErrorJson | string | null;
  }

  /** What `skylight.on(key)` handlers get, by key, as `[data, extra]`. */
  interface SkylightEvents {
    state: [SkylightState, { previous: SkylightStatus }];
    error: [SkylightErrorJson, {}];
    dial: [SkylightDialResult, {}];
    /** A screen pop searched the CRM; one match opens it, several a chooser, none an offer. */
    screenPop: [{ interactionId: JsonValue; numbers: string[]; matches: number }, {}];
    /** The module set itself up (after the connector's handshake, or when first used). */
    started: [null, {}];
  }

  interface Skylight {
    /** Skylight's origin. */
    readonly origin: string;
    readonly windowName: string;
    /**
     * Opens the popup (call it from a click: popup blockers), or focuses the one this or
     * another tab holds. Resolves when the handshake completes; rejects with a
     * SkylightError: POPUP_BLOCKED, HANDSHAKE_TIMEOUT or CLOSED.
     */
    open(options?: { timeout?: number }): Promise<SkylightState>;
    /** Closes the popup this tab holds. */
    close(): void;
    /**
     * Sends a command (`"interactions.voice"` names a sub-module too); waits for the
     * handshake. Resolves with the reply's `response` (null without one); rejects with a
     * SkylightError: INVALID_ARGUMENT, CLOSED, COMMAND_TIMEOUT or Skylight's error.
     */
    command(module: string, command: string, data?: JsonValue, options?: CommandOptions): Promise<JsonValue>;
    /** `interactions.voice.dial`, agent-initiated. */
    dial(phoneNumber: string | number, interactionMetadata?: JsonObject | null, options?: CommandOptions): Promise<JsonValue>;
    /** Skylight's state, replied on `cxengage/state`. */
    dumpState(options?: Pick<CommandOptions, "timeout" | "expectReply">): Promise<JsonValue>;
    /**
     * A handler for a topic, a topic prefix ending in `/`, `"*"` (every message), or
     * the script's own `state`, `error` and `dial` events.
     */
    on<K extends keyof SkylightEvents>(key: K, handler: (data: SkylightEvents[K][0], extra: SkylightEvents[K][1]) => void): Unsubscribe;
    on(key: string, handler: (data: SkylightMessage, extra: { relayed: boolean }) => void): Unsubscribe;
    off(key: string, handler: Handler<any, any>): void;
    state(): SkylightState;
    /**
     * The reply topic of a command (`""`: no reply comes), or null: `SKYLIGHT_REPLY_TOPICS`,
     * then the SDK table (fetched on first use; rejects with `SDK_TABLE_UNAVAILABLE`).
     */
    replyTopic(module: string, subModule: string | null | undefined, command: string): Promise<string | null>;
    readonly SkylightError: SkylightErrorConstructor;
    /** The lifecycle table: every status change is one of its rows (docs/skylight.md). */
    transitions(): SkylightTransition[];
    /** The status `event` moves `status` to, by the table; null when it is not legal there. */
    transition(status: SkylightStatus, event: SkylightTransitionEvent | (string & {})): SkylightStatus | null;
    /** Where `skylight-relay.js` registers once loaded. Internal. */
    _relay(setup: SkylightRelaySetup): void;
  }

  // --- the root ---------------------------------------------------------------------------

  /** `channel._parts`, by module. Internal. */
  interface ModuleParts {
    skylight?: SkylightParts;
    connector?: ConnectorParts;
  }

  interface Root {
    channel: ChannelCore;
    connector?: Connector;
    ucp?: Ucp;
    skylight?: Skylight;
  }

  /** A DOM event that a module dispatches on `document`. */
  type DomEvent<D = unknown, X = unknown> = CustomEvent<EventDetail<D, X>>;
}

interface Window {
  /** Set by the scripts of django-crm-connect's template tags; absent on other pages. */
  crmConnect?: CrmConnect.Root;
}

/** `document.addEventListener("crm-connect:<module>:<key>", ...)`. */
interface DocumentEventMap {
  "crm-connect:connector:connected": CrmConnect.DomEvent<CrmConnect.JsonObject, undefined>;
  "crm-connect:connector:error": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["error"], undefined>;
  "crm-connect:connector:timeout": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["timeout"], undefined>;
  "crm-connect:connector:navigate": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["navigate"], undefined>;
  "crm-connect:connector:clickToDial": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["clickToDial"], undefined>;
  "crm-connect:connector:windowClosed": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["windowClosed"], undefined>;
  "crm-connect:connector:dialog": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["dialog"], undefined>;
  "crm-connect:connector:screenPop": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["screenPop"], undefined>;
  "crm-connect:connector:screenPopSuppressed": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["screenPopSuppressed"], undefined>;
  "crm-connect:connector:logSaved": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["logSaved"], undefined>;
  "crm-connect:connector:logRetry": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["logRetry"], undefined>;
  "crm-connect:connector:logFailed": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["logFailed"], undefined>;
  "crm-connect:connector:logRejected": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["logRejected"], undefined>;
  "crm-connect:connector:logAbandoned": CrmConnect.DomEvent<CrmConnect.ConnectorEvents["logAbandoned"], undefined>;
  /** Every action the connector sends: its message. */
  [action: `crm-connect:connector:${string}`]: CrmConnect.DomEvent<unknown, unknown>;
  "crm-connect:ucp:sent": CrmConnect.DomEvent<CrmConnect.UcpEvents["sent"][0], CrmConnect.UcpEvents["sent"][1]>;
  "crm-connect:ucp:refused": CrmConnect.DomEvent<CrmConnect.UcpEvents["refused"][0], undefined>;
  "crm-connect:ucp:not-framed": CrmConnect.DomEvent<CrmConnect.UcpMessage, undefined>;
  "crm-connect:skylight:state": CrmConnect.DomEvent<CrmConnect.SkylightState, { previous: CrmConnect.SkylightStatus }>;
  "crm-connect:skylight:error": CrmConnect.DomEvent<CrmConnect.SkylightErrorJson, {}>;
  "crm-connect:skylight:dial": CrmConnect.DomEvent<CrmConnect.SkylightDialResult, {}>;
  /** Every message from Skylight, by its topic (also once as `...:message`, with its MessageInfo). */
  [topic: `crm-connect:skylight:${string}`]: CrmConnect.DomEvent<unknown, unknown>;
}
