'use strict'
// seedance-assets: the crun.ai Seedance real-person asset flow, on a native Rust core.
// lib/index.mjs re-exports these same objects to ESM importers.
const native = require('./native.js')
const { classes: errorClasses } = require('./error-classes.js')
const { Client } = require('./client.js')
const { Journal } = require('./journal.js')
const { ValidationSession, parseCallback, verifyCallback } = require('./session.js')
const { setLogger } = require('./logging.js')

module.exports = {
  Client,
  Journal,
  ValidationSession,
  parseCallback,
  verifyCallback,
  setLogger,
  version: native.bindingVersion(),
  ...errorClasses,
}
