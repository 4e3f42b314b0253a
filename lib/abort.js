'use strict'
// Bridges an AbortSignal to the native AbortHandle the Rust future is raced against.
const native = require('./native.js')
const { InvalidArgumentError, AbortError, fromNative } = require('./errors.js')

/** The handle of every call made without a signal: nothing ever fires it. */
const NEVER = new native.AbortHandle()

/** Whether `value` can be listened to like an `AbortSignal` (any realm's, or a look-alike). */
function isAbortSignal(value) {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function' &&
    typeof value.removeEventListener === 'function'
  )
}

/**
 * Runs `start(handle)` (a native call returning a promise) with `signal` wired to `handle`,
 * and turns whatever it throws or rejects with into a public error.
 */
async function withSignal(signal, start) {
  if (signal === undefined || signal === null) {
    try {
      return await start(NEVER)
    } catch (error) {
      throw fromNative(error)
    }
  }
  if (!isAbortSignal(signal)) {
    throw new InvalidArgumentError('invalid argument `signal`: must be an AbortSignal', { field: 'signal' })
  }
  const handle = new native.AbortHandle()
  const onAbort = () => handle.abort()
  if (signal.aborted) handle.abort()
  else signal.addEventListener('abort', onAbort, { once: true })
  try {
    return await start(handle)
  } catch (error) {
    const mapped = fromNative(error)
    if (mapped instanceof AbortError && mapped.cause === undefined && signal.reason !== undefined) {
      Object.defineProperty(mapped, 'cause', { value: signal.reason, configurable: true, writable: true })
    }
    throw mapped
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

/** Runs a synchronous native call, throwing public errors. */
function callSync(run) {
  try {
    return run()
  } catch (error) {
    throw fromNative(error)
  }
}

module.exports = { withSignal, callSync, isAbortSignal }
