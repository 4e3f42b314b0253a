// Public types of `seedance-assets`. The native layer's generated declarations live in
// native/index.d.ts; these describe the wrapper users import.

/// <reference types="node" />

/** An asset's kind; `uploadAsset` also takes it in any letter case (`'image'`, `'VIDEO'`). */
export type AssetType = 'Image' | 'Video' | 'Audio'
/** `Processing` | `Active` | `Failed`, or any other status kept as sent (means "not finished yet"). */
export type AssetStatus = 'Processing' | 'Active' | 'Failed' | (string & {})
/**
 * The H5 page's language: `'zh'` (Simplified Chinese, upstream's default when none is given),
 * `'en'` or `'zh-Hant'`; set per call with `CreateSessionParams.language` or `h5LinkFor`.
 */
export type Language = 'zh' | 'en' | 'zh-Hant'

/** Overrides for one call. */
export interface CallOptions {
  /** Cancels the call: it rejects with `AbortError` (`ERR_ABORTED`) and the request is dropped. */
  signal?: AbortSignal
  /** Limit for one HTTP attempt (default: the client's `timeoutMs`). */
  timeoutMs?: number
  /** Retries after the first attempt (default: the client's `maxRetries`). */
  maxRetries?: number
  /** One overall limit for the call: every attempt, rate-limit wait and backoff sleep. */
  deadlineMs?: number
}

/** A client-side rate limit: at most `maxRequests` per `perMs` milliseconds. */
export interface RateLimit {
  /** Requests allowed per period, and the burst (a whole number, 1 to 1000000). */
  maxRequests: number
  /** The period in milliseconds (at most one day). */
  perMs: number
}

/**
 * One operation's limit: `false` switches it off, `true` keeps the default, a rate in the
 * account's terms (`'120/min'`, `'3/s'`) or `{ maxRequests, perMs }` sets it.
 */
export type RateLimitValue = boolean | `${number}/${string}` | RateLimit

/**
 * Per-operation limits, keyed by method name; absent ones keep the default (3/s for the two
 * validation calls, 100/s for `getAsset`, none for `uploadAsset`).
 */
export type RateLimits = {
  /** Step 1's limit (default 3 per second, upstream's). */
  createValidationSession?: RateLimitValue
  /** Step 2's limit (default 3 per second, upstream's). */
  getValidationResult?: RateLimitValue
  /** Step 3's limit (default none). */
  uploadAsset?: RateLimitValue
  /** Step 4's limit, `waitForAsset`'s polls included (default 100 per second). */
  getAsset?: RateLimitValue
  /** @deprecated use `createValidationSession` */
  createSession?: RateLimitValue
  /** @deprecated use `getValidationResult` */
  validationResult?: RateLimitValue
  /** @deprecated use `getAsset` */
  assetInfo?: RateLimitValue
}

/** Options of `new Client(…)`; each is checked when the client is built (a typo is an error). */
export interface ClientOptions {
  /** Default: env `SEEDANCE_API_KEY`, else `CRUN_API_KEY`; none is a `ConfigurationError`. */
  apiKey?: string
  /** Default: env `SEEDANCE_BASE_URL`, else `https://api.crun.ai`. */
  baseUrl?: string
  /** Limit for one HTTP attempt, in milliseconds (default 30000, from 100 to one hour). */
  timeoutMs?: number
  /** Limit for establishing a connection, in milliseconds (default 10000). */
  connectTimeoutMs?: number
  /** Retries after the first attempt for retryable failures (default 2, at most 100). */
  maxRetries?: number
  /** Appended to the `User-Agent` (after `seedance-assets-node/<version>`). */
  userAgentSuffix?: string
  /**
   * Client-side rate limits: `true` (the default) keeps upstream's documented limits, `false`
   * switches them all off, and an object sets them per method, e.g.
   * `{ getAsset: '50/s', uploadAsset: { maxRequests: 3, perMs: 60000 }, getValidationResult: false }`
   * (rates are `count/period` with `ms`, `s`, `min`, `h` or `d`, e.g. `'120/min'`, `'5/10s'`).
   */
  rateLimits?: boolean | RateLimits
  /** How long an H5 link stays usable, in milliseconds (default 120000, upstream's); sets `expiresAt`. */
  sessionTtlMs?: number
  /** The largest response body accepted, in bytes (default 1 MiB; answers are a few KiB). */
  maxResponseBytes?: number
  /** Allow plain `http://` to a host that is not loopback (the key would travel in clear text). */
  allowInsecureHttp?: boolean
  /**
   * Let `preflight` fetch assets from loopback and private-network hosts (a warning instead of a
   * violation); link-local addresses (cloud metadata) stay refused. The simulator's clients set it.
   */
  allowPrivateHosts?: boolean
  /** The H5 page language of this client's sessions (default: upstream's, `zh`); a call's `language` wins. */
  language?: Language
  /**
   * Where sessions, validated people and uploads are recorded (`await Journal.open(…)`): needed
   * by `completeValidation`, `reference`, `consent` and `key`; uploads are then never duplicated.
   */
  journal?: Journal
  /**
   * Where local files (`file`, `stage`) are staged: `s3://bucket/prefix`, with the credentials,
   * region and endpoint from the `AWS_*` environment, or `az://container/prefix`, with the
   * `AZURE_STORAGE_*` environment; default `SEEDANCE_STAGING`.
   */
  staging?: string
  /** How long a staged file's presigned URL stays valid (default 24 h, at most 7 days). */
  stagingUrlTtlMs?: number
  /** Delete a staged file from the bucket once onboarding saw its asset `Active` (default `false`). */
  stagingCleanup?: boolean
}

/** Step 1's parameters (`createValidationSession`). */
export interface CreateSessionParams {
  /** Where the H5 page sends the person's browser when done (absolute http/https URL). */
  callbackUrl: string | URL
  /** The page language, set per call (sets `lng` on `h5Link`); without it upstream shows `'zh'`. */
  language?: Language
  /** The application's own id for the person (needs a journal); `completeValidation` keeps the person under it. */
  reference?: string
  /** A note of the person's consent, kept with the person (needs a journal). */
  consent?: string
}

/** Step 3's parameters (`uploadAsset`). */
export interface UploadAssetParams {
  /** A label for the asset. */
  name: string
  /** `Image`, `Video` or `Audio` (any letter case); may be left out with `file` (read from its content). */
  assetType?: AssetType | Lowercase<AssetType>
  /** A public http(s) URL the service downloads the file from; give this or `file`. */
  assetUrl?: string | URL
  /**
   * A local file instead of `assetUrl`: staged in the client's bucket (`staging`) under its
   * content hash and uploaded by its presigned URL; the journal's key then names the content.
   */
  file?: string
  /** The validated person's group; required for real-person assets. */
  groupId?: string
  /** The upload's journal key (needs a journal); default: the group, the name and the URL without its query. */
  key?: string
  /**
   * Send the upload even if an earlier one under the same key may have reached the service
   * (default `false`: such an upload rejects with `OutcomeUnknownError` until resolved).
   */
  allowDuplicate?: boolean
  /** Preflight the asset first: one that fails rejects with `PreflightError` (`ERR_PREFLIGHT`, `.report`) before any upload request. */
  preflight?: boolean
}

/** `preflight`'s argument. */
export interface PreflightOptions {
  /** The asset's public http(s) URL. */
  assetUrl: string | URL
  /** `Image`, `Video` or `Audio` (any letter case). */
  assetType: AssetType | Lowercase<AssetType>
  /** Fetch from loopback and private-network hosts (default: the client's `allowPrivateHosts`). */
  allowPrivateHosts?: boolean
  /**
   * Judge by other limits: overrides laid over the published ones (e.g. `{ video: { max_duration: 30 } }`,
   * keys as in the profile file) or the path of a `.toml`/`.json` file of them.
   */
  profile?: string | Record<string, unknown>
  /** Cancels the preflight: it rejects with `AbortError` (`ERR_ABORTED`). */
  signal?: AbortSignal
}

/** One limit an asset is outside of (a violation) or near (a warning). */
export interface PreflightFinding {
  /** A profile key such as `video.min_fps`, or `reachable`, `host`, `scheme`, `content_type`, `redirects`, `time_budget`, `readable`. */
  limit: string
  /** What the limit asks for, e.g. `at least 23.8 fps`. */
  expected: string
  /** What was found, e.g. `23.5 fps`. */
  actual: string
}

/** What `preflight` found. */
export interface PreflightReport {
  /** No violation (warnings may remain). */
  ok: boolean
  /** What it was judged as. */
  assetType: AssetType
  /** Every limit it is outside of (the lenient reading where published sources disagree); also unreachable, not media, a private host. */
  violations: PreflightFinding[]
  /** Strict readings of disputed limits, plain http, an allowed private host, what was not measured. */
  warnings: PreflightFinding[]
  /** The HTTP status of the ranged GET. */
  httpStatus?: number | null
  /** The `Content-Type` the server sent. */
  contentType?: string | null
  /** The format read from the file (`png`, `jpeg`, `mp4`, `wav`, …). */
  format?: string | null
  /** The file's size in bytes, as the server stated it. */
  sizeBytes?: number | null
  /** Width in pixels. */
  width?: number | null
  /** Height in pixels. */
  height?: number | null
  /** Width times height. */
  pixels?: number | null
  /** Duration in seconds. */
  duration?: number | null
  /** Frames per second. */
  fps?: number | null
  /** The profile that judged it, e.g. `published-2026-11`. */
  profile: string
  /** Bytes of the file read. */
  bytesRead: number
  /** Redirects followed. */
  redirects: number
}

/** How `waitForAsset` polls; durations in milliseconds. */
export interface WaitOptions {
  /** Cancels the wait: it rejects with `AbortError` (`ERR_ABORTED`). */
  signal?: AbortSignal
  /** One overall deadline for every poll, retry and sleep (default 600000, ten minutes). */
  timeoutMs?: number
  /** A fixed poll interval; without it the interval backs off. */
  pollIntervalMs?: number
  /** The first backoff interval (default 1000). */
  initialIntervalMs?: number
  /** The largest backoff interval (default 10000). */
  maxIntervalMs?: number
  /** One overall limit, in milliseconds; the earlier of this and `timeoutMs` ends the wait. */
  deadlineMs?: number
  /**
   * Called on the JS thread with each poll, retry and rate-limit wait, while the wait goes on
   * (it is not awaited); a throw is logged at warn and the wait continues.
   */
  onPoll?: (event: PollEvent) => void
}

/** A wait's progress, as `onPoll` receives it (durations in milliseconds). */
export type PollEvent =
  /** A poll answered; the asset is not finished yet (or just finished). */
  | { kind: 'polled'; status: AssetStatus; elapsedMs: number; nextPollInMs: number }
  /** A poll failed with a transient error (`code`, e.g. `ERR_RATE_LIMITED`) and is sent again after `delayMs`. */
  | { kind: 'retrying'; code: string; reason: string; delayMs: number }
  /** The client-side rate limit held a poll back for `waitedMs`. */
  | { kind: 'queued'; waitedMs: number }

/** One asset of an onboarding run (`OnboardOptions.assets`). */
export interface OnboardItem {
  /** Its display name. */
  name: string
  /** `Image`, `Video` or `Audio` (any letter case); may be left out with `file`. */
  assetType?: AssetType | Lowercase<AssetType>
  /** A public http(s) URL the service downloads it from; give this or `file`. */
  assetUrl?: string | URL
  /** A local file instead of `assetUrl`, staged in the client's bucket before the run. */
  file?: string
  /** Its journal key (needs a journal); default: the group, the name and the URL without its query. */
  key?: string
}

/** The options of `folderAssets`. */
export interface FolderAssetsOptions {
  /** Leave out the folder's files that are not media, instead of refusing the folder (default `false`). */
  skipOtherFiles?: boolean
  /** Cancels the read: it rejects with `AbortError` (`ERR_ABORTED`). */
  signal?: AbortSignal
}

/**
 * What `onboard` does and how fast; give `reference` or `groupId`, not both. Checked before any
 * request (a wrong name, type or bound is an `InvalidArgumentError` naming it).
 */
export interface OnboardOptions {
  /** The person, by the reference their validation was journaled under (needs a journal) … */
  reference?: string
  /** … or by their GroupId. */
  groupId?: string
  /** The assets, at least one. */
  assets: OnboardItem[]
  /**
   * The account's upload rate, e.g. `'120/min'` or `'3/s'`: never exceeded (no window of that
   * length holds more uploads). Default: the client's `rateLimits.uploadAsset`, else adaptive
   * (from one a second, slowing down at each 429).
   */
  uploadRate?: `${number}/${string}`
  /** Uploads in flight at once (default 8, from 1 to 64). */
  concurrency?: number
  /** The whole run's limit, in milliseconds (default 3600000, at least 1000); items unfinished by then are `Pending`. */
  timeoutMs?: number
  /** Preflight each item before its upload; a failing one is `Rejected` (`errorCode` `ERR_PREFLIGHT`) and not uploaded. */
  preflight?: boolean
  /**
   * Called on the JS thread with each item's progress, while the run goes on (it is not
   * awaited); a throw is logged at warn and the run continues.
   */
  onProgress?: (event: OnboardEvent) => void
  /** Stops the run: it rejects with `AbortError` (`ERR_ABORTED`); with a journal, running it again resumes. */
  signal?: AbortSignal
}

/** An onboarding item's progress, as `onProgress` receives it (`index`: its position in `assets`). */
export type OnboardEvent =
  /** Uploaded (or found uploaded in the journal): the service is processing it. */
  | { kind: 'uploaded'; index: number; assetId: string }
  /** Usable as `asset://<assetId>`. */
  | { kind: 'active'; index: number; assetId: string }
  /** Refused by the service (its upload or its review): `code` and `message` say why. */
  | { kind: 'failed'; index: number; code: string; message: string }
  /** Its upload may have happened: it is not sent again (see `journal.resolve`). */
  | { kind: 'ambiguous'; index: number }
  /** A transient refusal (e.g. a 429): the upload is tried again after `delayMs`. */
  | { kind: 'retrying'; index: number; reason: string; delayMs: number }

/**
 * Where an onboarding item ended: `Active` (usable), `Failed` (refused; `errorCode` says why),
 * `Ambiguous` (its upload may have happened; not sent again), `Pending` (unfinished when the
 * run's time ran out), `Rejected` (refused before any upload).
 */
export type OnboardItemStatus = 'Active' | 'Failed' | 'Ambiguous' | 'Pending' | 'Rejected'

/** One item's outcome: the item as requested and where it ended. */
export interface OnboardItemReport {
  /** The item's name. */
  name: string
  /** The item's URL, as requested. */
  assetUrl: string
  /** The item's kind. */
  assetType: AssetType
  /** The service's asset id, when its upload was answered. */
  assetId?: string
  /** Where it ended. */
  status: OnboardItemStatus
  /** `asset://<assetId>` when `Active`, for generation requests. */
  reference?: string
  /** Why it is not `Active`: the service's or the failure's code (e.g. `FaceMismatch`, `ERR_OUTCOME_UNKNOWN`). */
  errorCode?: string
  /** What happened, for an item that is not `Active`. */
  errorMessage?: string
  /** The item's own journal key, when it was given one. */
  key?: string
}

/** `onboard`'s answer: every item in the request's order, and the items again by status. */
export interface OnboardingReport {
  /** The group the assets went to. */
  groupId: string
  /** Every item's outcome, in the order of `assets`. */
  items: OnboardItemReport[]
  /** Upload requests sent during this run (a resumed run sends none for recorded items). */
  uploadsSent: number
  /** Upload requests the service refused with 429 (each was sent again later). */
  rateLimited: number
  /** The `Active` items. */
  active: OnboardItemReport[]
  /** The `Failed` items. */
  failed: OnboardItemReport[]
  /** The `Ambiguous` items. */
  ambiguous: OnboardItemReport[]
  /** The `Pending` items. */
  pending: OnboardItemReport[]
  /** The `Rejected` items. */
  rejected: OnboardItemReport[]
}

/** One log record of the package (see `setLogger`); it never holds the API key. */
export interface LogRecord {
  /** How severe it is. */
  level: 'error' | 'warn' | 'info' | 'debug' | 'trace'
  /** Where it comes from: `seedance_assets::http`, `seedance_assets::wait`, … */
  target: string
  /** What happened, in one line. */
  message: string
  /** The structured fields, e.g. `code` and `delay_ms` of a retry. */
  fields: Record<string, string | number | boolean>
}

/** How verbose a log sink is; each level includes the less verbose ones. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug' | 'trace'

/** The fields of a `ValidationSession` (a stored copy's times may be ISO strings). */
export interface ValidationSessionData {
  /** The single-use token (secret). */
  bytedToken: string
  /** The H5 page link (secret: it embeds temporary credentials). */
  h5Link: string
  /** Where the H5 page sends the browser back to. */
  callbackUrl: string
  /** When the session was created (a `Date`, an ISO string or epoch milliseconds). */
  createdAt: Date | string | number
  /** When the H5 link stops working (a `Date`, an ISO string or epoch milliseconds). */
  expiresAt: Date | string | number
  /** The service's id of the answer (`x-request-id`), for support requests. */
  requestId?: string
}

/** Step 1's answer: send the person to `h5Link` within 120 s. */
export declare class ValidationSession {
  /** Rebuilds a session from `session.toStorable()` (e.g. kept in a database between requests). */
  constructor(data: ValidationSessionData)
  /** The single-use token to exchange for the GroupId (secret). */
  readonly bytedToken: string
  /** The page the person opens; it embeds temporary credentials (secret). */
  readonly h5Link: string
  /** Where the H5 page sends the browser back to (as given to `createValidationSession`). */
  readonly callbackUrl: string
  /** When the session was created (the client's clock). */
  readonly createdAt: Date
  /** `createdAt` + the client's `sessionTtlMs` (120 s upstream). */
  readonly expiresAt: Date
  /** The service's id of the answer (`x-request-id`), for support requests. */
  readonly requestId?: string
  /** Whether `expiresAt` has passed (the person can no longer use `h5Link`). */
  isExpired(): boolean
  /** The H5 link with its page language (`lng`) set, added or replaced; upstream's default is `'zh'`. */
  h5LinkFor(language: Language): string
  /** Checks the callback: this session's token and passed; throws `CallbackError` otherwise. */
  verifyCallback(url: string | URL): CallbackResult
  /** The H5 link as a QR code: an SVG document for the person to scan. */
  qrSvg(): string
  /** Everything a restore needs, secrets included: store it, never log it. */
  toStorable(): ValidationSessionData & { createdAt: string; expiresAt: string }
  /** What JSON loggers write: the token by its last characters, the link's credentials masked. */
  toJSON(): Record<string, unknown>
}

/** A validation callback's query parameters, as the H5 page sent them. */
export interface CallbackResult {
  /** The session's token (secret; shown by its last characters). */
  bytedToken: string
  /** `'10000'` means passed; any other value is a failure. */
  resultCode: string
  /** The face algorithm's own code, when sent (explains a failure). */
  algorithmBaseRespCode?: string
  /** How the person was verified, when sent. */
  verifyType?: string
  /** `resultCode === '10000'`. */
  passed: boolean
  /** Every other query parameter, as sent. */
  extra: Record<string, string>
}

/** Step 2's answer. */
export interface ValidationResult {
  /** The person's asset group; keep it, it cannot be recovered. */
  groupId: string
  /** The service's id of the answer (`x-request-id`), for support requests. */
  requestId?: string
}

/** Step 3's answer: the asset is `Processing`; `waitForAsset(assetId)` until `Active`. */
export interface UploadedAsset {
  /** The new asset's id. */
  assetId: string
  /** `asset://<assetId>`, for generation requests. */
  reference: string
  /** The service's id of the answer (`x-request-id`), for support requests. */
  requestId?: string
}

/** Step 4's answer: an asset as the service reports it. */
export interface Asset {
  /** The asset's id. */
  assetId: string
  /** Its display name, when the service sent one. */
  name?: string
  /** Its kind, when the service sent one. */
  assetType?: AssetType
  /** `Active` is usable; `Failed` says why in `errorCode`/`errorMessage`. */
  status: AssetStatus
  /** When it was created, when the service sent it. */
  createTime?: Date
  /** When it last changed, when the service sent it. */
  updateTime?: Date
  /** e.g. `FaceMismatch`, when the service sent one. */
  errorCode?: string
  /** The service's explanation of a failure, as sent. */
  errorMessage?: string
  /** `asset://<assetId>`. */
  reference: string
  /** The `data` object exactly as received. */
  raw: Record<string, unknown>
  /** The service's id of the answer (`x-request-id`), for support requests. */
  requestId?: string
}

/** A validated person, as the journal keeps them. */
export interface Person {
  /** The application's own id for the person (`reference` of the session), when one was given. */
  reference?: string
  /** The GroupId the service bound to this person: upload their assets under it. */
  groupId: string
  /** When the GroupId was received. */
  validatedAt: Date
}

/**
 * A journaled upload's status: the service's (`Processing`, `Active`, `Failed`, …) or the
 * journal's own `Uploading` (being sent, or the sender died) and `Ambiguous` (may have arrived:
 * not sent again until `resolve`d or uploaded with `allowDuplicate`).
 */
export type JournaledAssetStatus = 'Uploading' | 'Ambiguous' | AssetStatus

/** An upload as the journal recorded it. */
export interface JournaledAsset {
  /** The upload's key: the caller's `key`, else derived from the group, name and URL without query. */
  key: string
  /** The service's asset id; absent while the upload's outcome is unknown. */
  assetId?: string
  /** The asset's name. */
  name: string
  /** `Image`, `Video` or `Audio`. */
  assetType: string
  /** The source URL without its query string (presigned signatures are not kept). */
  assetUrl: string
  /** The group it was uploaded under. */
  groupId?: string
  /** The person's reference, when the group belongs to a journaled person. */
  reference?: string
  /** Where the upload stands. */
  status: JournaledAssetStatus
  /** The service's error code, for a `Failed` asset. */
  errorCode?: string
  /** The service's error message, for a `Failed` asset. */
  errorMessage?: string
  /** How many upload requests were sent (or attempted) under this key. */
  attempts: number
  /** When the record last changed. */
  updatedAt: Date
}

/** Which recorded uploads `journal.assets` lists; unset fields match everything. */
export interface AssetFilter {
  /** Only this person's (by reference). */
  reference?: string
  /** Only this group's. */
  groupId?: string
  /** Only those with this recorded status. */
  status?: JournaledAssetStatus
}

/** Options of `Journal.open`. */
export interface JournalOpenOptions {
  /** Open without writing: queries work, every change rejects with `JournalError` (`reason` `'read_only'`). */
  readOnly?: boolean
}

/**
 * One record of `journal.export()`: plain JSON values (times as ISO-8601 strings, absent values
 * `null`), keys in camelCase; never a token, a token hash or a URL's query string.
 */
export type JournalRecord =
  /** A validated person. */
  | { kind: 'person'; reference: string | null; groupId: string; validatedAt: string; consent: string | null }
  /** A validation session (`state`: where its token's exchange stands). */
  | {
      kind: 'session'
      reference: string | null
      state: string
      createdAt: string
      expiresAt: string
      groupId: string | null
      resultCode: string | null
      consent: string | null
    }
  /** A recorded upload (the fields of `JournaledAsset`). */
  | {
      kind: 'asset'
      key: string
      assetId: string | null
      name: string
      assetType: string
      assetUrl: string
      groupId: string | null
      reference: string | null
      status: JournaledAssetStatus
      errorCode: string | null
      errorMessage: string | null
      attempts: number
      updatedAt: string
    }
  /** One attempt's outcome in an upload's history. */
  | {
      kind: 'history'
      key: string
      attempt: number
      assetId: string | null
      status: JournaledAssetStatus
      errorCode: string | null
      errorMessage: string | null
      at: string
    }

/**
 * Durable state shared by the clients it is attached to (and, through its file or database, by
 * other processes): sessions, validated people (a GroupId is never lost) and uploads (never
 * silently duplicated). Failures reject with `JournalError` (`reason`: `corrupt`,
 * `incompatible`, `read_only`, `disk_full`, `unavailable`, `failed`).
 */
export declare class Journal {
  /** Use `Journal.open`. */
  private constructor()
  /**
   * Opens (creating or upgrading it) the journal at a file path (SQLite) or a `postgresql://`
   * URL; without one, env `SEEDANCE_JOURNAL`, else `journal.sqlite3` in the user's data directory.
   */
  static open(pathOrUrl?: string | URL | null, options?: JournalOpenOptions): Promise<Journal>
  /** Where the journal is: a path, or the database URL without credentials or options. */
  readonly location: string
  /** The person last validated under `reference`, or `null`. */
  person(reference: string): Promise<Person | null>
  /** Every person, most recently validated first. */
  people(): Promise<Person[]>
  /** The recorded uploads matching `filter`, oldest first. */
  assets(filter?: AssetFilter): Promise<JournaledAsset[]>
  /** The uploads not finished: outcome unknown (`Uploading`, `Ambiguous`) or still under review. */
  pending(): Promise<JournaledAsset[]>
  /** The upload recorded under `key`, or `null`. */
  asset(key: string): Promise<JournaledAsset | null>
  /**
   * Records the answer to an unresolved upload: `assetId` if it happened (the record becomes
   * `Processing`; resolves with it), none if it did not (the record is removed, the next upload
   * is sent; resolves with `null`). Rejects for a key that is not unresolved.
   */
  resolve(key: string, assetId?: string | null): Promise<JournaledAsset | null>
  /** Erases everything recorded about the person (people, sessions, uploads, history); resolves with how many records went. */
  forget(reference: string): Promise<number>
  /** Everything recorded, without secrets. */
  export(): Promise<JournalRecord[]>
  /** `Journal(<location>)`. */
  toString(): string
  /** What JSON loggers write: the location. */
  toJSON(): { location: string }
}

/** The crun.ai Seedance asset client: the four steps, with retries, rate limits and deadlines. */
export declare class Client {
  /**
   * Checks `options` (wrong names and types are an `InvalidArgumentError`); unset ones come
   * from the environment (`SEEDANCE_API_KEY`/`CRUN_API_KEY`, `SEEDANCE_BASE_URL`) and defaults.
   */
  constructor(options?: ClientOptions)
  /** The base URL requests go to. */
  readonly baseUrl: string
  /** A client sharing connections and rate limits, with these defaults for every call. */
  withOptions(options: Omit<CallOptions, 'signal'>): Client
  /** Step 1: a validation session; send the person to `h5Link` within 120 s. */
  createValidationSession(params: CreateSessionParams, options?: CallOptions): Promise<ValidationSession>
  /** Step 2: the person's GroupId for a passed session's token (single use: keep the GroupId). */
  getValidationResult(bytedToken: string, options?: CallOptions): Promise<ValidationResult>
  /**
   * Completes a validation from the URL the person's browser was redirected to (needs the
   * `journal` option, else `ConfigurationError`): the token is exchanged for the GroupId once,
   * however often or concurrently the callback arrives (across processes sharing the journal),
   * and every caller gets the same person. Unknown, failed or malformed callbacks reject with
   * `CallbackError` (`reason`) without a request; a lost answer with `OutcomeUnknownError`.
   */
  completeValidation(redirectedUrl: string | URL, options?: CallOptions): Promise<Person>
  /** Step 3: uploads from a public URL or a local `file` (never resent once it may have arrived: `OutcomeUnknownError`). */
  uploadAsset(params: UploadAssetParams, options?: CallOptions): Promise<UploadedAsset>
  /**
   * Stages the local file at `path` in the client's bucket under its content hash (once) and
   * resolves with a presigned GET URL. `ConfigurationError` without a bucket, `InvalidArgumentError`
   * (`file`) for a missing, unreadable or non-media file, `StagingError` when the bucket refuses.
   */
  stage(path: string, options?: CallOptions): Promise<string>
  /**
   * The onboarding items of the folder `dir` (not its subfolders), for `onboard({assets})`: one
   * per media file (`name` after the file, `assetType` read from its content, `file`). Other
   * files refuse the folder (`InvalidArgumentError`, field `dir`, naming each) unless
   * `skipOtherFiles`. Only each file's head is read; nothing is sent.
   */
  folderAssets(dir: string, options?: FolderAssetsOptions): Promise<OnboardItem[]>
  /** Step 4: the asset's current status and details. */
  getAsset(assetId: string, options?: CallOptions): Promise<Asset>
  /** Step 4, waiting until `Active`; `AssetFailedError` / `WaitTimeoutError` otherwise. */
  waitForAsset(assetId: string, options?: WaitOptions): Promise<Asset>
  /**
   * Onboards a person's assets in one call: uploads them at `uploadRate` (never exceeded; 429s
   * are waited out and sent again), waits for all of them with one shared poller, and resolves
   * with every item's outcome. Per-item failures are in the report, never a rejection; a
   * failure of the whole run (key, credits, configuration, journal) rejects. With a journal,
   * running it again after a crash or abort continues: recorded uploads are not sent again.
   */
  onboard(options: OnboardOptions): Promise<OnboardingReport>
  /**
   * Whether upstream will accept the asset at `assetUrl`, judged by the published limits without
   * uploading it: reads only its head (and an MP4/MOV's index) within a byte and time budget.
   * Problems are in the report (`ok` false), never a rejection; a malformed URL rejects with
   * `InvalidArgumentError`. Private hosts are refused unless `allowPrivateHosts`.
   */
  preflight(options: PreflightOptions): Promise<PreflightReport>
  /** `Client(baseUrl=…, apiKey=<redacted>)`: the API key is never shown. */
  toString(): string
  /** What JSON loggers write: the base URL, the key redacted. */
  toJSON(): { baseUrl: string; apiKey: '<redacted>' }
}

/** Parses a callback URL or query; with `expectedToken`, refuses one for another token. */
export declare function parseCallback(url: string | URL, options?: { expectedToken?: string }): CallbackResult
/** Parses a callback and refuses it unless it passed (and names `expectedToken`, when given). */
export declare function verifyCallback(url: string | URL, options?: { expectedToken?: string }): CallbackResult

/**
 * Sends the package's log records at `options.level` (default `'info'`) and above to `logger`
 * (process-wide; `null` stops them). Records are filtered in Rust before they cross to JS, so
 * without a logger logging costs nothing. Independently, `SEEDANCE_LOG=debug|info|warn` set
 * when the package loads writes records at that level to stderr.
 */
export declare function setLogger(logger: ((record: LogRecord) => void) | null, options?: { level?: LogLevel }): void

/** The package version (of the native binding and the core it was built with). */
export declare const version: string

export * from './error-classes'
