'use strict'
// The napi-generated loader (native/index.js) loads this platform's addon: the `.node` built into
// native/ in a checkout, else the per-platform package (an optional dependency; see
// lib/platforms.js). When none loads, its message blames npm; ours lists the supported platforms
// and why this system is not one (on Linux: the glibc found and the one needed).
const { unsupportedPlatformError } = require('./platforms.js')

try {
  module.exports = require('../native/index.js')
} catch (error) {
  throw unsupportedPlatformError(error)
}
