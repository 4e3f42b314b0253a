// ESM entry: the same objects as the CommonJS entry (one native addon instance).
import cjs from './index.js'

export const {
  Client,
  ValidationSession,
  parseCallback,
  verifyCallback,
  version,
} = cjs
export * from './error-classes.mjs'
export default cjs
