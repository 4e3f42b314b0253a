'use strict'
// The napi-generated loader picks the `.node` file for this platform (built into ../native).
module.exports = require('../native/index.js')
