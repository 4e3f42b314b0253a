'use strict'
// The platforms the native addon is built for, one per-platform npm package each (npm/<dir>/,
// an optional dependency of the packed main package). package.json's `napi.targets`, the
// per-platform manifests and the build (scripts/node-lib.sh reads `zigTarget` here) must agree:
// scripts/check-versions.mjs checks it in `make lint`.

/** @type {ReadonlyArray<{target: string, zigTarget: string, platform: string, arch: string, glibc: string, dir: string, package: string, label: string}>} */
const SUPPORTED = Object.freeze([
  Object.freeze({
    target: 'x86_64-unknown-linux-gnu',
    // Linked against glibc 2.17 (cargo-zigbuild's `.2.17` suffix), like the manylinux2014 wheel.
    zigTarget: 'x86_64-unknown-linux-gnu.2.17',
    platform: 'linux',
    arch: 'x64',
    glibc: '2.17',
    dir: 'linux-x64-gnu',
    package: 'seedance-assets-linux-x64-gnu',
    label: 'Linux x86_64 with glibc >= 2.17',
  }),
])

/** The running glibc's version (`'2.31'`), or null off Linux or on a libc that is not glibc. */
function runningGlibc() {
  if (process.platform !== 'linux') return null
  const header = process.report?.getReport?.()?.header
  return header?.glibcVersionRuntime ?? null
}

/** Whether version `found` (`'2.31'`) is older than `needed` (`'2.17'`). */
function olderThan(found, needed) {
  const a = found.split('.').map(Number)
  const b = needed.split('.').map(Number)
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0)
  }
  return false
}

/**
 * The message for an addon that did not load on `system` (`{platform, arch, glibc}`): what is
 * supported, what this system is, the likely reason, then each loader error.
 */
function describeLoadFailure(system, errors) {
  const libc = system.platform === 'linux' ? `, ${system.glibc ? `glibc ${system.glibc}` : 'no glibc (musl?)'}` : ''
  const lines = [
    `seedance-assets: no native addon loads on this system (${system.platform} ${system.arch}${libc}).`,
    'Supported platforms:',
    ...SUPPORTED.map((p) => `  - ${p.label} (package ${p.package})`),
  ]
  const match = SUPPORTED.find((p) => p.platform === system.platform && p.arch === system.arch)
  if (!match) {
    lines.push(`There is no build for ${system.platform} ${system.arch}.`)
  } else if (!system.glibc) {
    lines.push(`The ${match.dir} build needs glibc ${match.glibc} or newer; this system has none.`)
  } else if (olderThan(system.glibc, match.glibc)) {
    lines.push(`This system has glibc ${system.glibc}; the addon needs glibc ${match.glibc} or newer.`)
  } else {
    lines.push(
      `Is the optional dependency ${match.package} installed? npm skips it with --omit=optional ` +
        '(or --no-optional), or when the lockfile was made on another platform; reinstall without that.',
    )
  }
  const messages = errors.map((e) => String(e?.message ?? e).split('\n')[0])
  if (messages.length) lines.push('Load errors:', ...messages.map((m) => `  - ${m}`))
  return lines.join('\n')
}

/** The napi loader's errors: the error it threw and its chain of causes. */
function loaderErrors(error) {
  const errors = []
  for (let e = error; e && errors.length < 10; e = e.cause) errors.push(e)
  return errors
}

/** The error thrown when the napi loader (native/index.js) fails, the original as its cause. */
function unsupportedPlatformError(error) {
  const system = { platform: process.platform, arch: process.arch, glibc: runningGlibc() }
  // The napi loader's own first line blames npm ("npm has a bug…"): left out, causes kept.
  const errors = loaderErrors(error).filter((e) => !String(e?.message).startsWith('Cannot find native binding'))
  const failure = new Error(describeLoadFailure(system, errors))
  failure.code = 'ERR_SEEDANCE_UNSUPPORTED_PLATFORM'
  failure.cause = error
  return failure
}

module.exports = { SUPPORTED, describeLoadFailure, unsupportedPlatformError }
