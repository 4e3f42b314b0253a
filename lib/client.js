'use strict'
// The public Client: each method converts its options and forwards to the native client.
const { inspect } = require('node:util')
const native = require('./native.js')
const { withSignal, callSync } = require('./abort.js')
const { InvalidArgumentError } = require('./errors.js')
const { ValidationSession } = require('./session.js')

const REDACTED = '<redacted>'
const FROM_NATIVE = Symbol('seedance-assets.fromNative')

function optionsObject(name, value) {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object') {
    throw new InvalidArgumentError(`invalid argument \`${name}\`: must be an object`, { field: name })
  }
  return value
}

function callOptions(options) {
  const { timeoutMs, maxRetries, deadlineMs } = options
  if (timeoutMs === undefined && maxRetries === undefined && deadlineMs === undefined) return undefined
  return { timeoutMs, maxRetries, deadlineMs }
}

class Client {
  #native

  /**
   * @param {import('./index').ClientOptions} [options] unset ones come from the environment
   *   (`SEEDANCE_API_KEY`/`CRUN_API_KEY`, `SEEDANCE_BASE_URL`) and the defaults.
   */
  constructor(options) {
    if (options?.[FROM_NATIVE]) {
      this.#native = options[FROM_NATIVE]
      return
    }
    const given = optionsObject('options', options)
    this.#native = callSync(() => native.createClient(given))
  }

  /** The base URL requests go to. */
  get baseUrl() {
    return this.#native.baseUrl
  }

  /** A client sharing connections and rate limits, with these defaults for every call. */
  withOptions(options) {
    const given = optionsObject('options', options)
    const inner = callSync(() => this.#native.withOptions(callOptions(given) || {}))
    return new Client({ [FROM_NATIVE]: inner })
  }

  /** Step 1: a validation session; send the person to `session.h5Link` within 120 s. */
  async createValidationSession(params, options) {
    const given = optionsObject('options', options)
    const data = await withSignal(given.signal, (abort) =>
      this.#native.createValidationSession(optionsObject('params', params), callOptions(given), abort),
    )
    return new ValidationSession(data)
  }

  /** Step 2: the person's GroupId for a passed session's token (single use: keep it). */
  async getValidationResult(bytedToken, options) {
    const given = optionsObject('options', options)
    return withSignal(given.signal, (abort) =>
      this.#native.getValidationResult(bytedToken, callOptions(given), abort),
    )
  }

  /** Step 3: uploads an asset from a public URL; never resent once it may have arrived. */
  async uploadAsset(params, options) {
    const given = optionsObject('options', options)
    return withSignal(given.signal, (abort) =>
      this.#native.uploadAsset(optionsObject('params', params), callOptions(given), abort),
    )
  }

  /** Step 4: the asset's current status and details. */
  async getAsset(assetId, options) {
    const given = optionsObject('options', options)
    return withSignal(given.signal, (abort) => this.#native.getAsset(assetId, callOptions(given), abort))
  }

  /** Step 4, waiting: resolves when `Active`, rejects when `Failed` or past `timeoutMs`. */
  async waitForAsset(assetId, options) {
    const given = optionsObject('options', options)
    const { timeoutMs, pollIntervalMs, initialIntervalMs, maxIntervalMs } = given
    return withSignal(given.signal, (abort) =>
      this.#native.waitForAsset(
        assetId,
        { timeoutMs, pollIntervalMs, initialIntervalMs, maxIntervalMs },
        undefined,
        abort,
      ),
    )
  }

  toString() {
    return this.#native.describe()
  }

  toJSON() {
    return { baseUrl: this.baseUrl, apiKey: REDACTED }
  }

  [inspect.custom](_depth, options, inspectValue = inspect) {
    return `Client ${inspectValue(this.toJSON(), options)}`
  }
}

module.exports = { Client }
