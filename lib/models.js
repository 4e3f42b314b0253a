'use strict'
// Models the native side hands over as JSON text (bindings-node/src/models.rs says why).

/** An `Asset` from its JSON form: the same object the declarations describe, times as `Date`s. */
function asset(json) {
  const parsed = JSON.parse(json)
  if (parsed.createTime !== undefined) parsed.createTime = new Date(parsed.createTime)
  if (parsed.updateTime !== undefined) parsed.updateTime = new Date(parsed.updateTime)
  return parsed
}

module.exports = { asset }
