'use strict'
// The package's log records: the native core's `tracing` events (each HTTP attempt at debug,
// retries and rate-limit waits at info, …) as `{ level, target, message, fields }`, sent to
// the function given to `setLogger` and, when `SEEDANCE_LOG` is set, written to stderr.
// Nothing crosses from Rust unless some sink wants its level, so the default costs nothing.
const { isMainThread } = require('node:worker_threads')
const native = require('./native.js')
const { InvalidArgumentError } = require('./errors.js')

/** Levels, least verbose first; a sink at one level receives it and every level before it. */
const LEVELS = ['off', 'error', 'warn', 'info', 'debug', 'trace']
const ALIASES = { warning: 'warn' }

function rank(level) {
  return LEVELS.indexOf(level)
}

function parseLevel(name, value) {
  const level = ALIASES[String(value).toLowerCase()] ?? String(value).toLowerCase()
  if (rank(level) < 0) {
    throw new InvalidArgumentError(`invalid argument \`${name}\`: must be one of ${LEVELS.join(', ')} (got ${JSON.stringify(value)})`, {
      field: name,
    })
  }
  return level
}

/** `SEEDANCE_LOG`'s level, read once at load; a value that is no level is reported, not fatal. */
function envLevel() {
  const value = process.env.SEEDANCE_LOG
  if (value === undefined || value === '') return 'off'
  try {
    return parseLevel('SEEDANCE_LOG', value)
  } catch (err) {
    process.emitWarning(err.message, 'SeedanceLogWarning')
    return 'off'
  }
}

// The native sink is process-wide: a worker loading the package must not take it over from
// the main thread (its records would stop when the worker exits); there, `setLogger` is the way.
const stderrLevel = isMainThread ? envLevel() : 'off'
let logger = null
let loggerLevel = 'off'

/** One line: `seedance_assets::http INFO retrying after a transient failure code=… delay_ms=…`. */
function format(record) {
  const fields = Object.entries(record.fields ?? {})
    .map(([key, value]) => ` ${key}=${value}`)
    .join('')
  return `${record.target} ${record.level.toUpperCase()} ${record.message}${fields}\n`
}

/** Hands `record` to every sink that wants its level (native records are pre-filtered). */
function dispatch(record) {
  const level = rank(record.level)
  if (level <= rank(stderrLevel)) process.stderr.write(format(record))
  if (logger !== null && level <= rank(loggerLevel)) {
    try {
      logger(record)
    } catch {
      // A throwing logger must not take the process down (this runs outside any call);
      // there is nowhere left to report it.
    }
  }
}

/** Tells the native side the most verbose level any sink wants (`off`: none). */
function apply() {
  const level = rank(loggerLevel) > rank(stderrLevel) ? loggerLevel : stderrLevel
  native.setLogSink(level === 'off' ? null : dispatch, level)
}

/**
 * Sends the package's log records at `options.level` (default `'info'`) and above to
 * `fn(record)`; `setLogger(null)` stops them. Process-wide; `SEEDANCE_LOG` output is separate.
 */
function setLogger(fn, options) {
  if (fn !== null && fn !== undefined && typeof fn !== 'function') {
    throw new InvalidArgumentError('invalid argument `logger`: must be a function or null', { field: 'logger' })
  }
  const level = parseLevel('level', options?.level ?? 'info')
  logger = fn ?? null
  loggerLevel = logger === null ? 'off' : level
  apply()
}

/** A record made on the JS side (e.g. a throwing `onPoll`), dispatched like the native ones. */
function log(level, target, message, fields = {}) {
  dispatch({ level, target, message, fields })
}

if (stderrLevel !== 'off') apply()

module.exports = { setLogger, log }
