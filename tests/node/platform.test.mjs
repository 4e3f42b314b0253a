// When no addon loads (no build for this platform, a glibc too old, the per-platform package
// missing), the error lists the supported platforms and says why, instead of napi's
// "npm has a bug" message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './helpers.mjs'

const require = createRequire(import.meta.url)
const { SUPPORTED, describeLoadFailure } = require('../../lib/platforms.js')

test('the message lists every supported platform and its package', () => {
  const message = describeLoadFailure({ platform: 'darwin', arch: 'arm64', glibc: null }, [])
  assert.match(message, /no native addon loads on this system \(darwin arm64\)/)
  for (const platform of SUPPORTED) {
    assert.ok(message.includes(`${platform.label} (package ${platform.package})`), message)
  }
  assert.match(message, /There is no build for darwin arm64/)
})

test('on Linux it names the glibc found and the one needed', () => {
  const failure = new Error("/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.18' not found")
  const message = describeLoadFailure({ platform: 'linux', arch: 'x64', glibc: '2.12' }, [failure])
  assert.match(message, /\(linux x64, glibc 2\.12\)/)
  assert.match(message, /This system has glibc 2\.12; the addon needs glibc 2\.17 or newer\./)
  assert.match(message, /Load errors:\n {2}- .*GLIBC_2\.18' not found/)
  const musl = describeLoadFailure({ platform: 'linux', arch: 'x64', glibc: null }, [])
  assert.match(musl, /no glibc \(musl\?\)/)
  assert.match(musl, /needs glibc 2\.17 or newer; this system has none/)
})

test('a recent enough glibc points at the missing optional package', () => {
  const message = describeLoadFailure({ platform: 'linux', arch: 'x64', glibc: '2.31' }, [])
  assert.match(message, /Is the optional dependency seedance-assets-linux-x64-gnu installed\?/)
})

test('requiring the package without any addon throws the clear error, with the cause kept', (t) => {
  // lib/ and napi's loader, without the .node next to it nor the per-platform package.
  const dir = mkdtempSync(join(tmpdir(), 'seedance-platform-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(join(ROOT, 'lib'), join(dir, 'lib'), { recursive: true })
  mkdirSync(join(dir, 'native'))
  cpSync(join(ROOT, 'native', 'index.js'), join(dir, 'native', 'index.js'))
  const script = `
    try { require(${JSON.stringify(join(dir, 'lib', 'index.js'))}) } catch (e) {
      console.log(JSON.stringify({ code: e.code, message: e.message, cause: Boolean(e.cause) }))
    }`
  const env = { ...process.env }
  delete env.NAPI_RS_NATIVE_LIBRARY_PATH
  const child = spawnSync(process.execPath, ['-e', script], { cwd: dir, env, encoding: 'utf8' })
  assert.equal(child.status, 0, child.stderr)
  const error = JSON.parse(child.stdout)
  assert.equal(error.code, 'ERR_SEEDANCE_UNSUPPORTED_PLATFORM')
  assert.ok(error.cause)
  assert.match(error.message, /Supported platforms:\n {2}- Linux x86_64 with glibc >= 2\.17/)
  assert.match(error.message, /seedance-assets-linux-x64-gnu/)
  assert.doesNotMatch(error.message, /npm has a bug/)
})
