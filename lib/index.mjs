// ESM entry: the same objects as the CommonJS entry (one native addon instance). ESM needs
// the names spelled out; tests/node/flow.test.mjs checks they are exactly the CJS exports.
import cjs from './index.js'

export const {
  Client,
  Journal,
  ValidationSession,
  parseCallback,
  verifyCallback,
  setLogger,
  version,
} = cjs
export * from './error-classes.mjs'
export default cjs
