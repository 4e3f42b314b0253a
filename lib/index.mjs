// ESM entry: the same objects as the CommonJS entry (one native addon instance). ESM needs
// the names spelled out; tests/node/flow.test.mjs checks they are exactly the CJS exports.
import cjs from './index.js'

export const {
  Client,
  ValidationSession,
  parseCallback,
  verifyCallback,
  version,
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
} = cjs
export default cjs
