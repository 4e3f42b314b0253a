// ESM entry: the same objects as the CommonJS entry (one native addon instance).
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
