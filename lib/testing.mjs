// ESM entry of seedance-assets/testing.
import cjs from './testing.js'

export const { Simulator, SimulatorError } = cjs
export default cjs
