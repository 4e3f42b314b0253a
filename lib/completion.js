'use strict'
// The promises of the native calls. napi's own async methods create a threadsafe function per
// promise, which dominates a call's latency when calls run one after another; here the promise
// is made in JS and the native side settles it by id through one threadsafe function per env
// (bindings-node/src/completion.rs).
const native = require('./native.js')

/**
 * `settled(start)` for the addon `addon`: calls `start(done, id)`, a native method that starts
 * the call's future and returns at once, and returns the promise `done` settles for `id`.
 * While any call is pending the event loop is kept alive; when none is, the process may exit.
 */
function completions(addon) {
  /** `{ resolve, reject }` of every call not settled yet, by id. */
  const pending = new Map()
  let lastId = 0
  let done // the native Completions, made on first use
  let held = false // whether `done` keeps the event loop alive
  let releasing = false // whether a check for idleness is scheduled
  // Released a turn of the loop after the last call settles, not at once: a caller awaiting
  // calls one after another starts the next one in the promise jobs that this settling runs,
  // and would otherwise pay a release and a hold (two native calls) per call.
  const releaseIfIdle = () => {
    releasing = false
    if (pending.size === 0 && held) {
      held = false
      done.release()
    }
  }
  const settle = (id, ok, value) => {
    const call = pending.get(id)
    if (call === undefined) return
    pending.delete(id)
    if (ok) call.resolve(value)
    else call.reject(value)
    if (pending.size === 0 && !releasing) {
      releasing = true
      setImmediate(releaseIfIdle)
    }
  }
  return function settled(start) {
    done ??= new addon.Completions(settle)
    return new Promise((resolve, reject) => {
      // u32 ids: wrapping around cannot meet a call still pending 4 billion calls later.
      lastId = (lastId + 1) >>> 0
      const id = lastId
      start(done, id) // a throw (a refused argument) rejects the promise; nothing started
      pending.set(id, { resolve, reject })
      if (!held) {
        held = true
        done.hold()
      }
    })
  }
}

module.exports = { completions, settled: completions(native) }
