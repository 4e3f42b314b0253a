'use strict'
// Step 1's session and the callback helpers; every check runs in the Rust core.
const { inspect } = require('node:util')
const native = require('./native.js')
const { callSync } = require('./abort.js')
const { text, urlText } = require('./args.js')

/** `options.expectedToken` of the callback helpers, checked when given. */
function expectedToken(options) {
  const expected = options === null || options === undefined ? undefined : options.expectedToken
  return expected === undefined || expected === null ? undefined : text('expectedToken', expected)
}

class ValidationSession {
  /** From step 1's answer, or from a stored copy (`JSON.parse` gives ISO strings for the times). */
  constructor(data) {
    this.bytedToken = data.bytedToken
    this.h5Link = data.h5Link
    this.callbackUrl = data.callbackUrl
    this.createdAt = new Date(data.createdAt)
    this.expiresAt = new Date(data.expiresAt)
    // The service's id of the answer that created the session, for support requests.
    this.requestId = data.requestId ?? undefined
  }

  /** Whether the H5 link has expired (120 s after creation). */
  isExpired() {
    return callSync(() => native.sessionIsExpired(this))
  }

  /** The H5 link with its page language set: `'zh'`, `'en'` or `'zh-Hant'`. */
  h5LinkFor(language) {
    return callSync(() => native.sessionH5LinkFor(this, text('language', language)))
  }

  /** Checks the callback the browser came back with: this session's token, and passed. */
  verifyCallback(url) {
    return new CallbackResult(callSync(() => native.sessionVerifyCallback(this, urlText('url', url))))
  }

  /** The H5 link as a QR code: an SVG document for the person to scan. */
  qrSvg() {
    return callSync(() => native.sessionQrSvg(this))
  }

  /**
   * Everything a restore needs, secrets included (`new ValidationSession(stored)` rebuilds it):
   * for a web backend that keeps the session between two requests. Never log it.
   */
  toStorable() {
    return {
      bytedToken: this.bytedToken,
      h5Link: this.h5Link,
      callbackUrl: this.callbackUrl,
      createdAt: this.createdAt.toISOString(),
      expiresAt: this.expiresAt.toISOString(),
      requestId: this.requestId,
    }
  }

  /** What JSON loggers write: the token by its last characters, the link's credentials masked. */
  toJSON() {
    return {
      bytedToken: native.redactToken(String(this.bytedToken)),
      h5Link: native.redactUrl(String(this.h5Link)),
      callbackUrl: this.callbackUrl,
      createdAt: this.createdAt,
      expiresAt: this.expiresAt,
      requestId: this.requestId,
    }
  }

  toString() {
    return `ValidationSession(${native.redactToken(String(this.bytedToken))})`
  }

  [inspect.custom](_depth, options, inspectValue = inspect) {
    return `ValidationSession ${inspectValue(this.toJSON(), options)}`
  }
}

/** A validation callback's parameters; shown with the token by its last characters. */
class CallbackResult {
  constructor(data) {
    Object.assign(this, data)
  }

  toJSON() {
    return { ...this, bytedToken: native.redactToken(String(this.bytedToken)) }
  }

  [inspect.custom](_depth, options, inspectValue = inspect) {
    return `CallbackResult ${inspectValue(this.toJSON(), options)}`
  }
}

/** Parses a callback URL or query; with `expectedToken`, refuses one for another token. */
function parseCallback(url, options = {}) {
  return new CallbackResult(callSync(() => native.parseCallback(urlText('url', url), expectedToken(options))))
}

/** Parses a callback and refuses it unless it passed (and names `expectedToken`, when given). */
function verifyCallback(url, options = {}) {
  return new CallbackResult(callSync(() => native.verifyCallback(urlText('url', url), expectedToken(options))))
}

module.exports = { ValidationSession, parseCallback, verifyCallback }
