// Types of `seedance-assets/testing`: the local simulator of the service.
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

export type FaultKind =
  | 'rate_limited'
  | 'service_unavailable'
  | 'server_error_before'
  | 'server_error_after'
  | 'status'
  | 'html_error'
  | 'slow'
  | 'malformed_body'
  | 'missing_data'
  | 'drop_connection'

export interface FaultOptions {
  /** How many following requests get the fault (default 1). */
  times?: number
  /** `rate_limited`: the `Retry-After` in seconds (default 1). */
  retryAfterSecs?: number
  /** `status`: the envelope code (and HTTP status when mirrored), e.g. 402. */
  code?: number
  /** `html_error`: the HTTP status of the HTML page (default 502). */
  httpStatus?: number
  /** `slow`: the delay before answering (default 1000). */
  delayMs?: number
}

export interface SimulatorOptions {
  apiKey?: string
  /** 0 or absent: a free port. */
  port?: number
  linkTtlMs?: number
  /** One delay or `[min, max]` (default 200). */
  processingDelayMs?: number | [number, number]
  statusMode?: 'mirrored' | 'envelope_only'
  timeFormat?: 'iso' | 'unix'
}

export declare class SimulatorError extends Error {
  readonly code: 'ERR_SIMULATOR'
}

export declare class Simulator {
  private constructor()
  static start(options?: SimulatorOptions): Promise<Simulator>
  readonly url: string
  readonly apiKey: string
  /** A `Client` for this simulator. */
  client(options?: ClientOptions): Client
  /** Completes a session as the H5 page would; returns the callback URL. */
  completeValidation(bytedToken: string, options?: { passed?: boolean }): string
  injectFault(endpoint: SimulatorEndpoint, kind: FaultKind, options?: FaultOptions): void
  clearFaults(): void
  pendingFaults(endpoint: SimulatorEndpoint): number
  /** Requests that reached `endpoint`, or every endpoint when it is left out. */
  requestCount(endpoint?: SimulatorEndpoint): number
  totalRequests(): number
  resetCounters(): void
  assetCount(): number
  sessionCount(): number
  setStatusMode(mode: 'mirrored' | 'envelope_only'): void
  setTimeFormat(format: 'iso' | 'unix'): void
  setProcessingDelay(minMs: number, maxMs?: number): void
  setLinkTtl(ttlMs: number): void
  /** Forces an asset's status (e.g. `'Reviewing'`). */
  setAssetStatus(assetId: string, status: string): void
  close(): Promise<void>
}
