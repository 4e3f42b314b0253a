// Types of `seedance-assets/testing`: the local simulator of the service.
import type { FailureKind, FaultKind } from './fault-kinds.js'
import type { Client, ClientOptions } from './index.js'

/** The four endpoints, by wire name or operation name. */
export type SimulatorEndpoint =
  | 'visual-validate-session'
  | 'visual-validate-result'
  | 'asset-upload'
  | 'asset-info'
  | 'createSession'
  | 'createValidationSession'
  | 'validationResult'
  | 'getValidationResult'
  | 'uploadAsset'
  | 'assetInfo'
  | 'getAsset'

/**
 * What an injected fault does: `rate_limited` (HTTP 429 with `Retry-After`),
 * `service_unavailable` (503), `server_error_before`/`server_error_after` (500 before or after
 * the request took effect), `status` (an envelope error `code`), `html_error` (an HTML page),
 * `slow` (answers after `delayMs`), `malformed_body`, `missing_data` (no `data`),
 * `drop_connection` (closes the connection without answering), `truncated_body` (takes effect,
 * then a 200 whose body stops mid-JSON and the connection closes).
 */
export type { FaultKind } from './fault-kinds.js'

/**
 * Why chaos makes an upload's processing end `Failed`: `face_mismatch` (code `FaceMismatch`) or
 * `download_failed` (code `InvalidParameter.DownloadFailed`), as the URL keywords
 * `face-mismatch` and `download-failed` do.
 */
export type { FailureKind } from './fault-kinds.js'

/** Parameters of `injectFault`; which ones apply depends on the kind. */
export interface FaultOptions {
  /** How many following requests get the fault (default 1). */
  times?: number
  /** `rate_limited`: the `Retry-After` in seconds (default 1). */
  retryAfterSecs?: number
  /** `status`: the envelope code (and HTTP status when mirrored), e.g. 402. */
  code?: number
  /** `html_error`: the HTTP status of the HTML page (default 502). */
  httpStatus?: number
  /** `slow`: the delay before answering, in milliseconds (default 1000). */
  delayMs?: number
}

/** Options of `Simulator.start(…)`; durations in milliseconds. */
export interface SimulatorOptions {
  /** The API key it accepts (default `'sim-test-key-kqzvwxjmnrtp'`). */
  apiKey?: string
  /** 0 or absent: a free port. */
  port?: number
  /** How long its H5 links stay usable (default 120000, upstream's). */
  linkTtlMs?: number
  /** How long an asset stays `Processing`: one delay or `[min, max]`, drawn per asset (default 200). */
  processingDelayMs?: number | [number, number]
  /** `'mirrored'` (default: the HTTP status follows the envelope code) or `'envelope_only'` (always HTTP 200). */
  statusMode?: 'mirrored' | 'envelope_only'
  /** Asset timestamps as ISO strings (`'iso'`, default) or epoch seconds (`'unix'`). */
  timeFormat?: 'iso' | 'unix'
  /** Random faults on every request (see `Simulator.setChaos`). */
  chaos?: ChaosOptions
  /**
   * Server-side quotas by endpoint, e.g. `{ uploadAsset: '600/min' }`: over one, a request gets
   * 429 with `Retry-After` and has no effect, as upstream's tiers do.
   */
  quotas?: Partial<Record<SimulatorEndpoint, `${number}/${string}`>>
  /**
   * Fetch each upload's asset URL as upstream does (bounded in bytes and time): an answer that is
   * not the media (an HTML page, a 403 from a bad signature, a 404) ends the asset `Failed` with
   * `InvalidParameter.DownloadFailed`.
   */
  downloadAssets?: boolean
}

/** Chaos mode: every request gets a random fault with `probability`; `failureShare` of uploads end `Failed`. */
export interface ChaosOptions {
  /** The chance in `[0, 1]` that a request gets a fault (default 0). */
  probability?: number
  /** The kinds drawn from (default: rate_limited, service_unavailable, server_error_before, server_error_after, drop_connection, truncated_body, slow). */
  kinds?: FaultKind[]
  /** A non-negative integer: the same seed (and request order) gives the same faults and failures. */
  seed?: number
  /** The share in `[0, 1]` of uploads that take effect whose processing ends `Failed` (default 0); URL keywords still force theirs. */
  failureShare?: number
  /** The reasons such a failure is drawn from (default: all). */
  failureKinds?: FailureKind[]
}

/** One asset as the simulator holds it (`Simulator.assets()`). */
export interface AssetRecord {
  /** Its AssetId. */
  assetId: string
  /** The name it was uploaded with. */
  name: string
  /** The URL it was uploaded from. */
  assetUrl: string
  /** As asset-info would answer now: `'Processing'`, `'Active'`, `'Failed'` or a forced status. */
  status: string
  /** The error code asset-info reports when `Failed` (e.g. `'FaceMismatch'`); absent otherwise. */
  errorCode?: string
}

/** A misuse of the simulator (unknown token, expired link, unknown fault kind, …). */
export declare class SimulatorError extends Error {
  /** Always `'ERR_SIMULATOR'`. */
  readonly code: 'ERR_SIMULATOR'
}

/** A local imitation of the service on 127.0.0.1, for tests and demos (no network, no account). */
export declare class Simulator {
  /** Use `await Simulator.start(options)`. */
  private constructor()
  /** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). */
  static start(options?: SimulatorOptions): Promise<Simulator>
  /** Its base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string
  /** The API key it accepts. */
  readonly apiKey: string
  /** A `Client` for this simulator. */
  client(options?: ClientOptions): Client
  /** Completes a session as the H5 page would; returns the callback URL. */
  completeValidation(bytedToken: string, options?: { passed?: boolean }): string
  /** Queues a fault for the next `options.times` (default 1) requests to `endpoint`. */
  injectFault(endpoint: SimulatorEndpoint, kind: FaultKind, options?: FaultOptions): void
  /** Drops every queued fault. */
  clearFaults(): void
  /** Faults still queued for `endpoint`. */
  pendingFaults(endpoint: SimulatorEndpoint): number
  /** Requests that reached `endpoint`, or every endpoint when it is left out. */
  requestCount(endpoint?: SimulatorEndpoint): number
  /** Requests that reached any endpoint (faulted and unauthorized ones included). */
  totalRequests(): number
  /** Sets the request counters back to zero and forgets the records. */
  resetCounters(): void
  /** Switches chaos mode on, or off with `null` or probability 0. */
  setChaos(options: ChaosOptions | null): void
  /** How many assets were actually created for each `assetUrl`: the side effects, whatever clients were told. */
  uploadsPerUrl(): Record<string, number>
  /** Serves `data` as an asset host would (HEAD, byte ranges); returns its URL. */
  addMedia(name: string, data: Uint8Array): string
  /** Body bytes sent per `/media/` request path (e.g. `/media/large.mp4`). */
  mediaBytesServed(): Record<string, number>
  /** How many faults of each kind were applied (queued and chaos ones). */
  faultsInjected(): Record<string, number>
  /** How many uploads chaos made end `Failed`, per failure kind (keyword-forced ones are not drawn). */
  failuresDrawn(): Partial<Record<FailureKind, number>>
  /** Every asset created, as it stands now: the simulator's own record to check a report against. */
  assets(): AssetRecord[]
  /** Assets actually created (failed ones included). */
  assetCount(): number
  /** Validation sessions actually created. */
  sessionCount(): number
  /** Limits `endpoint` server-side to `rate` (e.g. `'600/min'`) from now on; `null` lifts the quota. */
  setQuota(endpoint: SimulatorEndpoint, rate: `${number}/${string}` | null): void
  /** The most requests `endpoint` accepted in any window of `perMs` milliseconds so far (a kept rate shows at most its count). */
  maxInWindow(endpoint: SimulatorEndpoint, perMs: number): number
  /** Requests to `endpoint` refused with 429 because of its quota. */
  quotaRefusals(endpoint: SimulatorEndpoint): number
  /** See `SimulatorOptions.statusMode`. */
  setStatusMode(mode: 'mirrored' | 'envelope_only'): void
  /** See `SimulatorOptions.timeFormat`. */
  setTimeFormat(format: 'iso' | 'unix'): void
  /** How long new assets stay `Processing`, in milliseconds: `minMs`, or drawn from `[minMs, maxMs]`. */
  setProcessingDelay(minMs: number, maxMs?: number): void
  /** How long new H5 links stay usable, in milliseconds. */
  setLinkTtl(ttlMs: number): void
  /** Forces an asset's status (e.g. `'Reviewing'`). */
  setAssetStatus(assetId: string, status: string): void
  /** Stops the server (in-flight requests finish, bounded); later requests fail to connect. */
  close(): Promise<void>
}
