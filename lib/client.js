'use strict'
// The public Client: each method checks its option objects and forwards to the native client.
const { inspect } = require('node:util')
const native = require('./native.js')
const { withSignal, callSync } = require('./abort.js')
const { optionsObject, optionsList, text, urlText } = require('./args.js')
const { InvalidArgumentError } = require('./errors.js')
const { nativeJournal } = require('./journal.js')
const { ValidationSession } = require('./session.js')
const models = require('./models.js')
const { log } = require('./logging.js')

const REDACTED = '<redacted>'
const FROM_NATIVE = Symbol('seedance-assets.fromNative')

/**
 * Runs `start(options, abortHandle)` (a native async method) with the caller's options object;
 * the native side reads the fields it knows (`timeoutMs`, …) and `signal` is wired to the
 * handle. A plain call made without options passes none: reading absent fields of an empty
 * object costs the native side a property lookup each, on every call.
 */
async function call(options, start, set = 'call') {
  const given = optionsObject('options', options, set)
  const passed = set === 'call' && (options === undefined || options === null) ? undefined : given
  return withSignal(given.signal, (abort) => start(passed, abort))
}

/**
 * The caller's progress callback (`onPoll`, `onProgress`), guarded: it runs on the JS thread
 * while the call goes on, and a throw is logged at warn on `target` instead of ending the
 * process (an uncaught throw there would).
 */
function guarded(callback, name, target) {
  // Its type was checked with the other options (`optionsObject`).
  if (callback === undefined || callback === null) return undefined
  return (event) => {
    try {
      callback(event)
    } catch (err) {
      log('warn', target, `${name} threw; the call goes on`, { error: String(err?.message ?? err) })
    }
  }
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
    const { journal, ...given } = optionsObject('options', options, 'client')
    const attached = journal === undefined ? undefined : journalOption(journal)
    this.#native = callSync(() => native.createClient(given, attached))
  }

  /** The base URL requests go to. */
  get baseUrl() {
    return this.#native.baseUrl
  }

  /** A client sharing connections and rate limits, with these defaults for every call. */
  withOptions(options) {
    const given = optionsObject('options', options, 'call')
    return new Client({ [FROM_NATIVE]: callSync(() => this.#native.withOptions(given)) })
  }

  /** Step 1: a validation session; send the person to `session.h5Link` within 120 s. */
  async createValidationSession(params, options) {
    const create = (given, abort) =>
      this.#native.createValidationSession(optionsObject('params', params, 'createValidationSession'), given, abort)
    return new ValidationSession(await call(options, create))
  }

  /** Step 2: the person's GroupId for a passed session's token (single use: keep it). */
  getValidationResult(bytedToken, options) {
    return call(options, (given, abort) =>
      this.#native.getValidationResult(text('bytedToken', bytedToken), given, abort),
    )
  }

  /**
   * Completes a validation from the URL the person's browser was redirected to (needs a
   * journal): the token is exchanged once, however often or concurrently the callback arrives.
   */
  completeValidation(redirectedUrl, options) {
    return call(options, (given, abort) =>
      this.#native.completeValidation(urlText('redirectedUrl', redirectedUrl), given, abort),
    )
  }

  /**
   * Step 3: uploads an asset from a public URL, or a local `file` staged in the client's bucket
   * first (`assetType` may then be left out); never resent once it may have arrived.
   */
  uploadAsset(params, options) {
    return call(options, (given, abort) =>
      this.#native.uploadAsset(optionsObject('params', params, 'uploadAsset'), given, abort),
    )
  }

  /**
   * Stages the local file at `path` in the client's bucket (`staging`, else `SEEDANCE_STAGING`)
   * under its content hash, once; resolves with a presigned GET URL. Nothing is sent upstream.
   */
  stage(path, options) {
    return call(options, (given, abort) => this.#native.stage(text('path', path), given, abort))
  }

  /**
   * The onboarding items of the folder `dir` (not its subfolders), for `onboard({assets})`: one
   * per media file (`name` after the file, `assetType` read from its content, `file`). Other files
   * refuse the folder (`InvalidArgumentError`, `dir`) unless `skipOtherFiles`. Nothing is sent.
   */
  folderAssets(dir, options) {
    const read = (given, abort) => this.#native.folderAssets(text('dir', dir), given, abort)
    return call(options, read, 'folderAssets')
  }

  /** Step 4: the asset's current status and details. */
  async getAsset(assetId, options) {
    const get = (given, abort) => this.#native.getAsset(text('assetId', assetId), given, abort)
    return models.asset(await call(options, get))
  }

  /**
   * Step 4, waiting: resolves when `Active`, rejects when `Failed` or past `timeoutMs`;
   * `onPoll(event)` hears of each poll, retry and rate-limit wait meanwhile.
   */
  async waitForAsset(assetId, options) {
    const wait = ({ onPoll, ...given }, abort) =>
      this.#native.waitForAsset(text('assetId', assetId), given, guarded(onPoll, 'onPoll', 'seedance_assets::wait'), abort)
    return models.asset(await call(options, wait, 'wait'))
  }

  /**
   * Onboards a person's assets: uploads them at `uploadRate` (never exceeded), waits for them
   * all, and resolves with the report of every item (per-item failures are in it, never a
   * rejection); `onProgress(event)` hears of each item's progress meanwhile.
   */
  onboard(options) {
    const run = ({ onProgress, assets, ...given }, abort) =>
      this.#native.onboard(
        { ...given, assets: optionsList('assets', assets, 'onboardItem') },
        guarded(onProgress, 'onProgress', 'seedance_assets::onboard'),
        abort,
      )
    return call(options, run, 'onboard')
  }

  /**
   * Whether upstream will accept the asset at `assetUrl`, judged by the published limits
   * without uploading it; resolves with the report (problems are in it, not a rejection).
   */
  preflight(options) {
    const check = (given, abort) => this.#native.preflight(given, abort)
    return call(options, check, 'preflight')
  }

  /** `Client(baseUrl=…, apiKey=<redacted>)`: what `inspect` shows, on one line. */
  toString() {
    return `Client(baseUrl=${this.baseUrl}, apiKey=${REDACTED})`
  }

  toJSON() {
    return { baseUrl: this.baseUrl, apiKey: REDACTED }
  }

  [inspect.custom](_depth, options, inspectValue = inspect) {
    return `Client ${inspectValue(this.toJSON(), options)}`
  }
}

/** The native journal of the `journal` client option, which must be a `Journal`. */
function journalOption(journal) {
  const inner = nativeJournal(journal)
  if (inner === undefined) {
    throw new InvalidArgumentError('invalid argument `journal`: must be a Journal (from `await Journal.open(…)`)', {
      field: 'journal',
    })
  }
  return inner
}

module.exports = { Client }
