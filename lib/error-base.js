'use strict'
// The base of the error hierarchy; the classes themselves are generated from the core's table
// (error-classes.js). `detailFields` is the table's list of detail properties.

function createHierarchy(detailFields) {
  class SeedanceError extends Error {
    constructor(message, details = {}) {
      super(message, details.cause === undefined ? undefined : { cause: details.cause })
      Object.defineProperty(this, 'name', {
        value: new.target.name,
        enumerable: false,
        configurable: true,
        writable: true,
      })
      this.code = details.code || new.target.code
      this.status = details.status ?? null
      this.envelopeCode = details.envelopeCode ?? null
      this.requestId = details.requestId ?? null
      for (const key of detailFields) {
        if (key in this || key === 'cause') continue
        if (details[key] !== undefined) this[key] = details[key]
      }
    }

    toJSON() {
      const shown = { name: this.name, code: this.code, message: this.message }
      for (const key of detailFields) {
        if (key !== 'cause' && this[key] !== undefined) shown[key] = this[key]
      }
      if (this.cause instanceof SeedanceError) shown.cause = this.cause.toJSON()
      return shown
    }
  }
  SeedanceError.code = 'ERR_SEEDANCE'

  /** A subclass of `base` named `name` for the stable `code`. */
  function define(name, code, base, description) {
    const cls = { [name]: class extends base {} }[name]
    cls.code = code
    cls.description = description
    return cls
  }

  return { SeedanceError, define }
}

module.exports = { createHierarchy }
