// One version for every package, written once: `[workspace.package] version` in Cargo.toml.
// Checks (`make lint`) that every crate inherits it, that pyproject.toml takes the wheel's from
// the crate (`dynamic = ["version"]`), that package.json and each per-platform npm package
// (npm/<dir>/package.json) carry it, and that the per-platform packages are the platforms of
// lib/platforms.js and package.json's `napi.targets`.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const read = (path) => readFileSync(join(ROOT, path), 'utf8')
const readJson = (path) => JSON.parse(read(path))
const problems = []
const expect = (ok, message) => ok || problems.push(message)

const workspace = read('Cargo.toml').match(/\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/)
if (!workspace) {
  console.error('Cargo.toml: no version in [workspace.package]')
  process.exit(1)
}
const version = workspace[1]

const metadata = JSON.parse(
  execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline'], {
    cwd: ROOT,
    encoding: 'utf8',
  }),
)
for (const crate of metadata.packages) {
  expect(crate.version === version, `crate ${crate.name} is ${crate.version}, not ${version} (use version.workspace = true)`)
}

const pyproject = read('pyproject.toml')
const project = pyproject.match(/\n\[project\]\n([\s\S]*?)(\n\[|$)/)?.[1] ?? ''
expect(/\ndynamic\s*=\s*\[[^\]]*"version"/.test(`\n${project}`), 'pyproject.toml: [project] must have dynamic = ["version"]')
expect(!/\nversion\s*=/.test(`\n${project}`), 'pyproject.toml: [project] must not set a version (maturin takes the crate\'s)')

const main = readJson('package.json')
expect(main.version === version, `package.json is ${main.version}, not ${version}`)

const { SUPPORTED } = createRequire(import.meta.url)(join(ROOT, 'lib/platforms.js'))
const targets = main.napi?.targets ?? []
expect(
  JSON.stringify([...targets].sort()) === JSON.stringify(SUPPORTED.map((p) => p.target).sort()),
  `package.json napi.targets (${targets}) differ from lib/platforms.js (${SUPPORTED.map((p) => p.target)})`,
)
for (const platform of SUPPORTED) {
  const path = `npm/${platform.dir}/package.json`
  const manifest = readJson(path)
  expect(manifest.version === version, `${path} is ${manifest.version}, not ${version}`)
  expect(manifest.name === platform.package, `${path} is named ${manifest.name}, not ${platform.package}`)
  expect(manifest.main === `${main.napi.binaryName}.${platform.dir}.node`, `${path}: main is not the addon's file name`)
  expect(JSON.stringify(manifest.os) === JSON.stringify([platform.platform]), `${path}: os is not [${platform.platform}]`)
  expect(JSON.stringify(manifest.cpu) === JSON.stringify([platform.arch]), `${path}: cpu is not [${platform.arch}]`)
}

if (problems.length) {
  console.error(`versions and platforms disagree:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`version ${version}: Cargo.toml, ${metadata.packages.length} crates, the wheel, package.json, ${SUPPORTED.length} platform package(s)`)
