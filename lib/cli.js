#!/usr/bin/env node
'use strict'
// The `seedance-assets` command line (the package's `bin`): the native core's CLI, the same one
// `cargo install` and the Python console script run. It handles Ctrl-C itself (exit code 130).
const native = require('./native.js')

// The CLI handles Ctrl-C itself and ends with 130. This listener keeps Node from exiting on it
// first, and puts libuv's handler in place of Node's default one (which re-raises the signal:
// called back by the CLI's own handler, it would never return).
process.on('SIGINT', () => {})

native.runCli(['seedance-assets', ...process.argv.slice(2)]).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    console.error(error)
    process.exitCode = 70
  },
)
