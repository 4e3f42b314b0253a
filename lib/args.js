'use strict'
// Checks a caller's arguments before they cross into Rust: a refusal names the argument as
// the caller wrote it and the JS type it must have (napi's own refusals name Rust types), and
// nothing is sent. Which types each option takes comes from the core's option table.
const native = require('./native.js')
const { callSync, isAbortSignal } = require('./abort.js')
const { InvalidArgumentError } = require('./errors.js')

/** How each JS type name of the core's table is tested, and how a message names it. */
const JS_TYPES = {
  string: { test: (v) => typeof v === 'string', shown: 'a string' },
  number: { test: (v) => typeof v === 'number', shown: 'a number' },
  boolean: { test: (v) => typeof v === 'boolean', shown: 'a boolean' },
  function: { test: (v) => typeof v === 'function', shown: 'a function' },
  object: { test: (v) => typeof v === 'object' && v !== null && !Array.isArray(v), shown: 'an object' },
  array: { test: (v) => Array.isArray(v), shown: 'an array' },
  AbortSignal: { test: isAbortSignal, shown: 'an AbortSignal' },
  URL: { test: (v) => v instanceof URL, shown: 'a URL' },
}

/** An option set's `{ name: [type, …] }`, read once from the core's table. */
const typesBySet = new Map()

/** A value's type as a JS caller names it (never the value itself: it may be a secret). */
function typeOf(value) {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** `a string`, `a string or a URL`, `a boolean, a string or an object`. */
function oneOf(types) {
  const shown = types.map((name) => JS_TYPES[name]?.shown ?? name)
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}` : shown.join('')
}

/**
 * The refusal of `field` for `reason`; `within` (`{ field, index }`) names the list item the
 * field belongs to, and the refusal is then the list's (`assets`: "item 2: `assetUrl` …").
 */
function refusal(field, reason, within) {
  if (within === undefined) return new InvalidArgumentError(`invalid argument \`${field}\`: ${reason}`, { field })
  const what = field === within.field ? reason : `\`${field}\` ${reason}`
  return new InvalidArgumentError(`invalid argument \`${within.field}\`: item ${within.index}: ${what}`, {
    field: within.field,
  })
}

/** Throws unless `value` is one of `types` (names of `JS_TYPES`), naming `field`. */
function checkType(field, value, types, within) {
  if (types.some((name) => JS_TYPES[name]?.test(value))) return value
  throw refusal(field, `must be ${oneOf(types)}, got ${typeOf(value)}`, within)
}

/**
 * A JS string with a lone surrogate has no UTF-8 form: napi would silently replace it, so it
 * is refused here, naming the argument (the one check only a JS string needs).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function wellFormed(field, value, within) {
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
    throw refusal(field, 'contains a lone surrogate (not valid Unicode)', within)
  }
  return value
}

/** A required string argument (`assetId`, `bytedToken`, …), checked before it reaches Rust. */
function text(field, value) {
  return wellFormed(field, checkType(field, value, ['string']))
}

/** `text`, also taking a `URL` (read as its `href`). */
function urlText(field, value) {
  checkType(field, value, ['string', 'URL'])
  return text(field, value instanceof URL ? value.href : value)
}

/**
 * The caller's options object, its keys checked against the core's option set `set` (a typo
 * is an error with a hint, never silently dropped), each value's JS type against the set's
 * table, and `URL` objects read as strings. Absent (`undefined`/`null`) values are left out.
 */
function optionsObject(name, value, set) {
  if (value === undefined || value === null) return {}
  checkType(name, value, ['object'])
  return checkedFields(value, set, name)
}

/**
 * `value`'s keys checked against the core's option set `set` and each value's JS type against
 * its table (`URL` objects read as strings, absent values left out); a refusal names `name`,
 * or the list item `within` (`{ field, index }`).
 */
function checkedFields(value, set, name, within) {
  callSync(() => native.checkOptionKeys(set, within?.field ?? name, Object.keys(value), within?.index))
  const types = optionTypes(set)
  const given = {}
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined || field === null) continue
    const read = field instanceof URL ? field.href : field
    given[key] = wellFormed(key, checkType(key, read, types[key] ?? [], within), within)
    if (key === 'rateLimits') rateLimitEntries(read)
  }
  return given
}

/**
 * A list option (onboarding's `assets`): an array whose items are objects of the core's option
 * set `set`, each checked as `optionsObject` checks one; a refusal names the list and the item.
 * Absent (`undefined`/`null`) stays absent (the core says it is required).
 */
function optionsList(field, value, set) {
  if (value === undefined || value === null) return undefined
  checkType(field, value, ['array'])
  return value.map((item, index) => {
    const within = { field, index }
    checkType(field, item, ['object'], within)
    return checkedFields(item, set, field, within)
  })
}

/**
 * `rateLimits` entries: `true`, `false`, a rate such as `'3/s'`, or an object of the core's
 * `rateLimit` set (the method names themselves are checked by the core).
 */
function rateLimitEntries(limits) {
  if (typeof limits !== 'object') return
  const types = optionTypes('rateLimit')
  for (const [operation, limit] of Object.entries(limits)) {
    checkType('rateLimits', limit, ['boolean', 'string', 'object'])
    if (typeof limit !== 'object') continue
    callSync(() => native.checkOptionKeys('rateLimit', 'options', Object.keys(limit)))
    for (const [key, field] of Object.entries(limit)) checkType(key, field, types[key])
    for (const key of Object.keys(types)) {
      if (limit[key] === undefined) {
        throw new InvalidArgumentError(`invalid argument \`${key}\`: is required (in \`rateLimits.${operation}\`)`, {
          field: key,
        })
      }
    }
  }
}

function optionTypes(set) {
  let types = typesBySet.get(set)
  if (types === undefined) {
    types = callSync(() => native.optionTypes(set))
    typesBySet.set(set, types)
  }
  return types
}

module.exports = { optionsObject, optionsList, text, urlText }
