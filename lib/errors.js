'use strict'
// Native errors carry a stable `code` (`ERR_…`) and their details as properties; here they
// become instances of one class per code, so both `instanceof` and `err.code` work.

/** Properties copied from a native error onto the public error, when present. */
const DETAIL_FIELDS = [
  'status',
  'envelopeCode',
  'requestId',
  'retryAfterMs',
  'field',
  'reason',
  'operation',
  'bodySnippet',
  'assetId',
  'asset',
  'last',
  'waitedMs',
  'failure',
  'resultCode',
  'algorithmBaseRespCode',
]

class SeedanceError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true, writable: true })
    this.code = details.code || new.target.code
    this.status = details.status ?? null
    this.requestId = details.requestId ?? null
    for (const key of DETAIL_FIELDS) {
      if (key in this) continue
      if (details[key] !== undefined) this[key] = details[key]
    }
  }

  toJSON() {
    const shown = { name: this.name, code: this.code, message: this.message }
    for (const key of DETAIL_FIELDS) {
      if (this[key] !== undefined) shown[key] = this[key]
    }
    if (this.cause instanceof SeedanceError) shown.cause = this.cause.toJSON()
    return shown
  }
}
SeedanceError.code = 'ERR_SEEDANCE'

function define(name, code, base = SeedanceError) {
  const cls = { [name]: class extends base {} }[name]
  cls.code = code
  return cls
}

const InvalidArgumentError = define('InvalidArgumentError', 'ERR_INVALID_ARGUMENT')
const ConfigurationError = define('ConfigurationError', 'ERR_CONFIGURATION')
/** Any error answer of the service; the subclasses below name the documented ones. */
const APIError = define('APIError', 'ERR_API')
const AuthenticationError = define('AuthenticationError', 'ERR_AUTHENTICATION', APIError)
const InsufficientCreditsError = define('InsufficientCreditsError', 'ERR_INSUFFICIENT_CREDITS', APIError)
const NotFoundError = define('NotFoundError', 'ERR_NOT_FOUND', APIError)
const UnprocessableError = define('UnprocessableError', 'ERR_UNPROCESSABLE', APIError)
const RateLimitError = define('RateLimitError', 'ERR_RATE_LIMITED', APIError)
const ServiceUnavailableError = define('ServiceUnavailableError', 'ERR_SERVICE_UNAVAILABLE', APIError)
const ServerError = define('ServerError', 'ERR_SERVER', APIError)
const GenerationFailedError = define('GenerationFailedError', 'ERR_GENERATION_FAILED', APIError)
const FeatureDisabledError = define('FeatureDisabledError', 'ERR_FEATURE_DISABLED', APIError)
const APIConnectionError = define('APIConnectionError', 'ERR_CONNECTION')
const APITimeoutError = define('APITimeoutError', 'ERR_TIMEOUT')
const OutcomeUnknownError = define('OutcomeUnknownError', 'ERR_OUTCOME_UNKNOWN')
const DecodeError = define('DecodeError', 'ERR_DECODE')
const AssetFailedError = define('AssetFailedError', 'ERR_ASSET_FAILED')
const WaitTimeoutError = define('WaitTimeoutError', 'ERR_WAIT_TIMEOUT')
const CallbackError = define('CallbackError', 'ERR_CALLBACK')
const AbortError = define('AbortError', 'ERR_ABORTED')
/** A bug in this package (e.g. a Rust panic caught at the boundary); please report it. */
const InternalError = define('InternalError', 'ERR_INTERNAL')

const ERROR_CLASSES = [
  InvalidArgumentError,
  ConfigurationError,
  APIError,
  AuthenticationError,
  InsufficientCreditsError,
  NotFoundError,
  UnprocessableError,
  RateLimitError,
  ServiceUnavailableError,
  ServerError,
  GenerationFailedError,
  FeatureDisabledError,
  APIConnectionError,
  APITimeoutError,
  OutcomeUnknownError,
  DecodeError,
  AssetFailedError,
  WaitTimeoutError,
  CallbackError,
  AbortError,
  InternalError,
]
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
  if (NAPI_ARGUMENT_CODES.has(error.code)) {
    return new InvalidArgumentError(`invalid argument: ${error.message}`, { cause: error })
  }
  return new InternalError(`internal error in seedance-assets: ${error.message}`, { cause: error })
}

module.exports = {
  SeedanceError,
  InvalidArgumentError,
  ConfigurationError,
  APIError,
  AuthenticationError,
  InsufficientCreditsError,
  NotFoundError,
  UnprocessableError,
  RateLimitError,
  ServiceUnavailableError,
  ServerError,
  GenerationFailedError,
  FeatureDisabledError,
  APIConnectionError,
  APITimeoutError,
  OutcomeUnknownError,
  DecodeError,
  AssetFailedError,
  WaitTimeoutError,
  CallbackError,
  AbortError,
  InternalError,
  ERROR_CLASSES,
  fromNative,
}
