'use strict'
// Native errors carry a stable `code` (`ERR_…`) and their details as properties; here they
// become instances of the generated class for that code (error-classes.js, from the core's table).
const { classes, ERROR_CLASSES } = require('./error-classes.js')

const { SeedanceError, InvalidArgumentError, InternalError } = classes
const BY_CODE = new Map(ERROR_CLASSES.map((cls) => [cls.code, cls]))

/** napi's own codes for an argument of the wrong JS type (thrown before any Rust code runs). */
const NAPI_ARGUMENT_CODES = new Set([
  'InvalidArg',
  'ObjectExpected',
  'StringExpected',
  'NameExpected',
  'FunctionExpected',
  'NumberExpected',
  'BooleanExpected',
  'ArrayExpected',
  'BigintExpected',
  'DateExpected',
])

/**
 * A napi refusal the JS layer's own checks (lib/args.js) did not catch first: its message names
 * Rust types, so only the field it ends with (`… on UploadAssetParams.name`) is kept.
 */
function wrongType(error) {
  const field = /\.(\w+)$/.exec(String(error.message))?.[1]
  const message = field ? `invalid argument \`${field}\`: has the wrong type` : 'invalid argument: a value has the wrong type'
  return new InvalidArgumentError(message, field ? { field, cause: error } : { cause: error })
}

/** The public error for anything the native layer threw or rejected with. */
function fromNative(error) {
  if (error instanceof SeedanceError) return error
  if (error === null || typeof error !== 'object') {
    return new InternalError(String(error), {})
  }
  // A plain JS error (no napi status code) is not ours to rename.
  if (typeof error.code !== 'string') return error
  const cls = BY_CODE.get(error.code)
  if (cls) {
    const details = { ...error }
    if (error.cause !== undefined) details.cause = fromNative(error.cause)
    return new cls(error.message, details)
  }
  if (NAPI_ARGUMENT_CODES.has(error.code)) return wrongType(error)
  return new InternalError(`internal error in seedance-assets: ${error.message}`, { cause: error })
}

module.exports = { ...classes, fromNative }
