'use strict'
// seedance-assets: the crun.ai Seedance real-person asset flow, on a native Rust core.
// lib/index.mjs re-exports these same objects to ESM importers.
const native = require('./native.js')
const { SeedanceError, ERROR_CLASSES } = require('./errors.js')
const { Client } = require('./client.js')
const { ValidationSession, parseCallback, verifyCallback } = require('./session.js')

/** Every public error class under its own name (the list itself lives in errors.js). */
const errorClasses = Object.fromEntries([SeedanceError, ...ERROR_CLASSES].map((cls) => [cls.name, cls]))

module.exports = {
  Client,
  ValidationSession,
  parseCallback,
  verifyCallback,
  version: native.bindingVersion(),
  ...errorClasses,
}
