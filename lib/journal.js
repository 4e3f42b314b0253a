'use strict'
// The public Journal: durable state (people, sessions, uploads) in SQLite or PostgreSQL. Each
// method checks its arguments and forwards to the native journal; queries and changes run in
// the Rust core, off the event loop.
const { inspect } = require('node:util')
const native = require('./native.js')
const { fromNative } = require('./errors.js')
const { optionsObject, text, urlText } = require('./args.js')

const CREATE = Symbol('seedance-assets.Journal')
/** The native journal of each public one, for `new Client({ journal })` (lib/client.js). */
const NATIVE = new WeakMap()

/** Awaits `start()` (a native async method), turning what it throws or rejects with into a public error. */
async function settle(start) {
  try {
    return await start()
  } catch (error) {
    throw fromNative(error)
  }
}

class Journal {
  #native

  /** Use `await Journal.open(pathOrUrl, options)`. */
  constructor(token, inner) {
    if (token !== CREATE) throw new TypeError('use `await Journal.open(pathOrUrl, options)`')
    this.#native = inner
    NATIVE.set(this, inner)
  }

  /**
   * Opens (creating or upgrading it) the journal at a file path (SQLite) or a `postgresql://`
   * URL; without one, `SEEDANCE_JOURNAL`, else `journal.sqlite3` in the user's data directory.
   */
  static async open(pathOrUrl, options) {
    const location = pathOrUrl === undefined || pathOrUrl === null ? undefined : urlText('pathOrUrl', pathOrUrl)
    const given = optionsObject('options', options, 'journalOpen')
    return new Journal(CREATE, await settle(() => native.openJournal(location, given)))
  }

  /** Where the journal is: a path, or the database URL without credentials or options. */
  get location() {
    return this.#native.location
  }

  /** The person last validated under `reference`, or `null`. */
  person(reference) {
    return settle(() => this.#native.person(text('reference', reference)))
  }

  /** Every person, most recently validated first. */
  people() {
    return settle(() => this.#native.people())
  }

  /** The recorded uploads matching `filter` (`reference`, `groupId`, `status`), oldest first. */
  assets(filter) {
    return settle(() => this.#native.assets(optionsObject('filter', filter, 'assetFilter')))
  }

  /** The uploads not finished: outcome unknown (`Uploading`, `Ambiguous`) or under review. */
  pending() {
    return settle(() => this.#native.pending())
  }

  /** The upload recorded under `key`, or `null`. */
  asset(key) {
    return settle(() => this.#native.asset(text('key', key)))
  }

  /**
   * Records the answer to an unresolved upload: `assetId` if it happened (the record becomes
   * `Processing`), none if it did not (the record is removed; the next upload is sent).
   */
  resolve(key, assetId) {
    return settle(() =>
      this.#native.resolve(
        text('key', key),
        assetId === undefined || assetId === null ? undefined : text('assetId', assetId),
      ),
    )
  }

  /** Erases everything recorded about the person; resolves with how many records went. */
  forget(reference) {
    return settle(() => this.#native.forget(text('reference', reference)))
  }

  /** Every record (`kind`: person, session, asset, history), camelCase keys, no secrets. */
  export() {
    return settle(() => this.#native.export())
  }

  /** `Journal(<location>)`. */
  toString() {
    return `Journal(${this.location})`
  }

  toJSON() {
    return { location: this.location }
  }

  [inspect.custom](_depth, options, inspectValue = inspect) {
    return `Journal ${inspectValue(this.toJSON(), options)}`
  }
}

/** The native journal behind `journal` (a public `Journal`), or `undefined` if it is not one. */
function nativeJournal(journal) {
  return NATIVE.get(journal)
}

module.exports = { Journal, nativeJournal }
