export * from './index.js'
import * as cjs from './index.js'
export default cjs
