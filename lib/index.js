'use strict'
// seedance-assets: the crun.ai Seedance real-person asset flow, on a native Rust core.
const native = require('./native.js')
const errors = require('./errors.js')
const { Client } = require('./client.js')
const { ValidationSession, parseCallback, verifyCallback } = require('./session.js')

module.exports = {
  Client,
  ValidationSession,
  parseCallback,
  verifyCallback,
  version: native.bindingVersion(),
  SeedanceError: errors.SeedanceError,
  InvalidArgumentError: errors.InvalidArgumentError,
  ConfigurationError: errors.ConfigurationError,
  APIError: errors.APIError,
  AuthenticationError: errors.AuthenticationError,
  InsufficientCreditsError: errors.InsufficientCreditsError,
  NotFoundError: errors.NotFoundError,
  UnprocessableError: errors.UnprocessableError,
  RateLimitError: errors.RateLimitError,
  ServiceUnavailableError: errors.ServiceUnavailableError,
  ServerError: errors.ServerError,
  GenerationFailedError: errors.GenerationFailedError,
  FeatureDisabledError: errors.FeatureDisabledError,
  APIConnectionError: errors.APIConnectionError,
  APITimeoutError: errors.APITimeoutError,
  OutcomeUnknownError: errors.OutcomeUnknownError,
  DecodeError: errors.DecodeError,
  AssetFailedError: errors.AssetFailedError,
  WaitTimeoutError: errors.WaitTimeoutError,
  CallbackError: errors.CallbackError,
  AbortError: errors.AbortError,
  InternalError: errors.InternalError,
}
