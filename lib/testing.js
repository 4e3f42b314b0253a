'use strict'
// seedance-assets/testing: the core's local simulator of the service, for tests and demos.
const { inspect } = require('node:util')
const native = require('./native.js')
const { Client } = require('./client.js')
const { text } = require('./args.js')

const CREATE = Symbol('seedance-assets.Simulator')

/** A misuse of the simulator (unknown token, expired link, unknown fault kind, …). */
class SimulatorError extends Error {
  constructor(message, options) {
    super(message, options)
    this.name = 'SimulatorError'
    this.code = 'ERR_SIMULATOR'
  }
}

function control(run) {
  try {
    return run()
  } catch (error) {
    throw new SimulatorError(error?.message ? error.message : String(error), { cause: error })
  }
}

class Simulator {
  #native

  /** Use `await Simulator.start(options)`. */
  constructor(token, inner) {
    if (token !== CREATE) throw new TypeError('use `await Simulator.start(options)`')
    this.#native = inner
  }

  /** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options) {
    try {
      return new Simulator(CREATE, await native.startSimulator(options ?? undefined))
    } catch (error) {
      throw error instanceof SimulatorError ? error : new SimulatorError(error.message, { cause: error })
    }
  }

  /** The base URL, e.g. `http://127.0.0.1:40123`. */
  get url() {
    return this.#native.url
  }

  /** The API key the simulator accepts. */
  get apiKey() {
    return this.#native.apiKey
  }

  /**
   * A `Client` for this simulator (options override the URL and key); `allowPrivateHosts`
   * is on so preflight reaches the simulator's media on loopback.
   */
  client(options) {
    return new Client({
      apiKey: this.apiKey,
      baseUrl: this.url,
      sessionTtlMs: this.#native.linkTtlMs,
      allowPrivateHosts: true,
      ...(options ?? {}),
    })
  }

  /** Completes a session as the H5 page would; returns the callback URL the browser gets. */
  completeValidation(bytedToken, { passed = true } = {}) {
    return control(() => this.#native.completeValidation(text('bytedToken', bytedToken), passed))
  }

  /**
   * Queues a fault for the next `times` (default 1) requests to `endpoint` (`'asset-upload'` or
   * `'uploadAsset'`, …). Kinds: `rate_limited` {retryAfterSecs}, `service_unavailable`,
   * `server_error_before`, `server_error_after`, `status` {code}, `html_error` {httpStatus},
   * `slow` {delayMs}, `malformed_body`, `missing_data`, `drop_connection`, `truncated_body`.
   */
  injectFault(endpoint, kind, options) {
    control(() => this.#native.injectFault(text('endpoint', endpoint), text('kind', kind), options ?? undefined))
  }

  clearFaults() {
    this.#native.clearFaults()
  }

  pendingFaults(endpoint) {
    return control(() => this.#native.pendingFaults(text('endpoint', endpoint)))
  }

  /** Requests that reached `endpoint` (faulted and unauthorized ones included). */
  requestCount(endpoint) {
    return control(() => this.#native.requestCount(endpoint))
  }

  totalRequests() {
    return this.#native.totalRequests()
  }

  resetCounters() {
    this.#native.resetCounters()
  }

  /**
   * Chaos mode: each request gets a fault with `probability`, drawn from `kinds` (default:
   * rate_limited, service_unavailable, server_error_before, server_error_after, drop_connection,
   * truncated_body, slow), and `failureShare` of the uploads that take effect end `Failed`, for a
   * reason drawn from `failureKinds` (default: face_mismatch, download_failed). Both 0, or
   * `null`: off. `seed` makes both repeatable (for the same request order).
   */
  setChaos(options) {
    control(() => this.#native.setChaos(options ?? undefined))
  }

  /** How many assets were actually created for each `assetUrl` (since `resetCounters`). */
  uploadsPerUrl() {
    return this.#native.uploadsPerUrl()
  }

  /** How many uploads chaos made end `Failed`, per failure kind (since `resetCounters`). */
  failuresDrawn() {
    return this.#native.failuresDrawn()
  }

  /** Every asset created, as it stands now: `{assetId, name, assetUrl, status, errorCode}`. */
  assets() {
    return this.#native.assets()
  }

  /**
   * Serves `data` (a Buffer or Uint8Array) as an asset host would (HEAD, byte ranges) and
   * returns its URL. Variants: `/media/private/<name>` (403), `/media/expired/<name>` (404),
   * `/media/login/<name>` (an HTML sign-in page), `/media/slow/<name>` (answers after 30 s),
   * `/media/redirect?to=<url>` (a 302 to any URL).
   */
  addMedia(name, data) {
    return control(() => this.#native.addMedia(text('name', name), Buffer.from(data)))
  }

  /** Body bytes sent per `/media/` request path (e.g. `/media/large.mp4`). */
  mediaBytesServed() {
    return this.#native.mediaBytesServed()
  }

  /** How many faults of each kind were applied (queued and chaos ones). */
  faultsInjected() {
    return this.#native.faultsInjected()
  }

  /** Assets actually created (failed ones included). */
  assetCount() {
    return this.#native.assetCount()
  }

  /** Validation sessions actually created. */
  sessionCount() {
    return this.#native.sessionCount()
  }

  /**
   * Limits `endpoint` (`'uploadAsset'`, `'asset-upload'`, …) server-side to `rate` (`'600/min'`,
   * `'20/s'`) from now on, as upstream's quotas do (over it: 429 with `Retry-After`, no effect);
   * `null` lifts it.
   */
  setQuota(endpoint, rate) {
    control(() => this.#native.setQuota(text('endpoint', endpoint), rate === null ? undefined : text('rate', rate)))
  }

  /** The most requests `endpoint` accepted in any window of `perMs` milliseconds so far. */
  maxInWindow(endpoint, perMs) {
    return control(() => this.#native.maxInWindow(text('endpoint', endpoint), perMs))
  }

  /** Requests to `endpoint` refused with 429 because of its quota. */
  quotaRefusals(endpoint) {
    return control(() => this.#native.quotaRefusals(text('endpoint', endpoint)))
  }

  setStatusMode(mode) {
    control(() => this.#native.setStatusMode(text('mode', mode)))
  }

  setTimeFormat(format) {
    control(() => this.#native.setTimeFormat(text('format', format)))
  }

  setProcessingDelay(minMs, maxMs) {
    control(() => this.#native.setProcessingDelay(minMs, maxMs))
  }

  setLinkTtl(ttlMs) {
    control(() => this.#native.setLinkTtl(ttlMs))
  }

  setAssetStatus(assetId, status) {
    control(() => this.#native.setAssetStatus(text('assetId', assetId), text('status', status)))
  }

  /** Stops the server; later requests to it fail to connect. */
  async close() {
    await this.#native.close()
  }

  [inspect.custom](_depth, options, inspectValue = inspect) {
    return `Simulator ${inspectValue({ url: this.url }, options)}`
  }
}

if (typeof Symbol.asyncDispose === 'symbol') {
  Simulator.prototype[Symbol.asyncDispose] = function asyncDispose() {
    return this.close()
  }
}

module.exports = { Simulator, SimulatorError }
