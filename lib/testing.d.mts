export * from './testing.js'
import * as cjs from './testing.js'
export default cjs
