// Packs the npm packages the napi-rs way into DEST: one package per supported platform
// (npm/<dir>/ + the addon built into ADDON_DIR) and the main package, whose optionalDependencies
// name them at its own version (added here, at pack time, so that `npm ci` in a checkout never
// asks the registry for them). Prints the tarballs' paths, the main package's first.
//
//   node scripts/npm-pack.mjs DEST [ADDON_DIR=native]
import { execFileSync } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { SUPPORTED } = createRequire(import.meta.url)(join(ROOT, 'lib/platforms.js'))
const [dest, addonDir = join(ROOT, 'native')] = process.argv.slice(2).map((p) => resolve(p))
if (!dest) {
  console.error('usage: node scripts/npm-pack.mjs DEST [ADDON_DIR]')
  process.exit(2)
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'))
/** `npm pack` of directory `dir` into dest; the tarball's path. */
const pack = (dir) => {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' })
  return join(dest, out.trim().split('\n').pop())
}

mkdirSync(dest, { recursive: true })
const stage = mkdtempSync(join(tmpdir(), 'seedance-npm-pack-'))
try {
  const main = readJson(join(ROOT, 'package.json'))
  const tarballs = []
  const optional = {}
  for (const platform of SUPPORTED) {
    const manifest = readJson(join(ROOT, 'npm', platform.dir, 'package.json'))
    const dir = join(stage, platform.dir)
    cpSync(join(ROOT, 'npm', platform.dir), dir, { recursive: true })
    copyFileSync(join(addonDir, manifest.main), join(dir, manifest.main))
    tarballs.push(pack(dir))
    optional[manifest.name] = manifest.version
  }
  // The main package: exactly the files `npm pack` would take from the checkout.
  const listing = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' }))
  const dir = join(stage, 'main')
  for (const { path } of listing[0].files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    copyFileSync(join(ROOT, path), join(dir, path))
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...main, optionalDependencies: optional }, null, 2)}\n`)
  console.log([pack(dir), ...tarballs].join('\n'))
} finally {
  rmSync(stage, { recursive: true, force: true })
}
