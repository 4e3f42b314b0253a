#!/usr/bin/env node
// One scripted session of the `seedance-assets` command line against the simulator it runs
// itself, every command's --json output normalised (ids, times, ports, durations), compared with
// tests/cli/transcript.expected.json. The same file is met by the Rust binary, the wheel's console
// script and the npm package's bin, each installed in a fresh environment: "works identically".
//
//   node tests/cli/transcript.mjs [--write] -- COMMAND [ARGS…]
//
// --write records the transcript as the expected one (after a deliberate change of the output).
// Needs only Node's standard library: it runs inside the fresh venv and the npm scratch project.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'

const EXPECTED = fileURLToPath(new URL('./transcript.expected.json', import.meta.url))
/** A generous bound for any one command (the simulator answers in milliseconds). */
const BOUND_MS = 60_000

const argv = process.argv.slice(2)
const write = argv[0] === '--write'
const separator = argv.indexOf('--')
const command = separator >= 0 ? argv.slice(separator + 1) : []
if (command.length === 0) {
  console.error('usage: node tests/cli/transcript.mjs [--write] -- COMMAND [ARGS…]')
  process.exit(2)
}

/** A running command; its stdout JSON lines are read as they come. */
function start(args, env) {
  // A process group of its own: `npx` runs the CLI as its child, and a signal meant for the CLI
  // goes to the whole group (see `stop`).
  const child = spawn(command[0], [...command.slice(1), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve(code ?? signal))
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const docs = []
  return {
    child,
    docs,
    /** Sends `signal` to the command and whatever it started (`npx`'s child). */
    stop(signal) {
      try {
        process.kill(-child.pid, signal)
      } catch {}
    },
    stderr: () => stderr,
    /** Reads JSON lines up to the first whose `event` is `name`, within the bound. */
    async until(name) {
      for (;;) {
        const { value, done } = await within(lines.next(), `a ${name} event from ${args.join(' ')}`)
        if (done) throw new Error(`${args.join(' ')} ended before a ${name} event; stderr:\n${stderr}`)
        const doc = parse(value)
        docs.push(doc)
        if (doc.event === name) return doc
      }
    },
    /** Reads the remaining JSON lines and the exit code. */
    async end() {
      for (;;) {
        const { value, done } = await within(lines.next(), `the end of ${args.join(' ')}`)
        if (done) break
        docs.push(parse(value))
      }
      return within(exited, `the exit of ${args.join(' ')}`)
    },
  }
}

/** A JSON line as its value; any other line (--version, --help) as its text. */
function parse(line) {
  try {
    return JSON.parse(line)
  } catch {
    return line
  }
}

async function within(promise, what) {
  let timer
  const bound = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${BOUND_MS / 1000} s`)), BOUND_MS)
  })
  try {
    return await Promise.race([promise, bound])
  } finally {
    clearTimeout(timer)
  }
}

/** Runs a command to its end: the step as recorded (its JSON documents, its exit code). */
async function step(args, env) {
  const running = start(args, env)
  const exit = await running.end()
  return { args, exit, stdout: running.docs, stderr: running.stderr() }
}

/** The same value with everything that differs between runs replaced by stable names. */
function normaliser(dir) {
  const names = new Map()
  const counters = {}
  const stable = (kind, value) => {
    const key = `${kind}:${value}`
    if (!names.has(key)) {
      counters[kind] = (counters[kind] ?? 0) + 1
      names.set(key, `<${kind}-${counters[kind]}>`)
    }
    return names.get(key)
  }
  const text = (s) =>
    s
      .replaceAll(dir, '<dir>')
      .replace(/\bgroup-[0-9]{14}-[a-z0-9]+/g, (id) => stable('group', id))
      .replace(/\basset-[0-9]{14}-[a-z0-9]+/g, (id) => stable('asset', id))
      .replace(/127\.0\.0\.1:([0-9]+)/g, (_, port) => `127.0.0.1:${stable('port', port)}`)
      .replace(/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})/g, '<time>')
      .replace(/[+-]?[0-9]+(\.[0-9]+)? (ms|s)\b/g, '<duration>')
  const walk = (value, key) => {
    if (key === 'h5_link' && typeof value === 'string') {
      // The link's credentials differ every run; its origin and language do not.
      const url = new URL(value)
      return `${text(url.origin)}${url.pathname}?…&lng=${url.searchParams.get('lng')}`
    }
    if (typeof value === 'string') return text(value)
    if (Array.isArray(value)) return value.map((v) => walk(v))
    if (value && typeof value === 'object') {
      const entries = Object.keys(value).map((k) => [k, walk(value[k], k)])
      // The journal lists rows by creation time; items uploaded concurrently may tie.
      return Object.fromEntries(entries.map(([k, v]) => [k, k === 'assets' && Array.isArray(v) ? sorted(v) : v]))
    }
    return value
  }
  return (value) => walk(value)
}

/** Rows in a stable order: by their normalised JSON text. */
function sorted(rows) {
  return rows
    .map((row) => [JSON.stringify(row), row])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row)
}

async function session() {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-transcript-'))
  const steps = []
  const simulator = start(['--json', 'simulate', '--port', '0', '--processing-delay', '200'], process.env)
  try {
    const { base_url: baseUrl, api_key: apiKey } = await simulator.until('listening')
    const env = {
      ...process.env,
      SEEDANCE_BASE_URL: baseUrl,
      SEEDANCE_API_KEY: apiKey,
      SEEDANCE_JOURNAL: join(dir, 'journal.sqlite3'),
      NO_COLOR: '1',
    }
    steps.push(await step(['--version'], env))
    steps.push(await step(['--help'], env))

    // The person passes on the simulator's H5 page; their browser follows the redirect to the
    // receiver, whose page ends the validation.
    const validateArgs = ['--json', 'validate', '--reference', 'actor-t', '--listen', '127.0.0.1:0', '--language', 'en']
    const validate = start(validateArgs, env)
    const { h5_link: link } = await validate.until('session')
    const token = new URL(link).searchParams.get('bytedToken')
    const page = await within(
      fetch(`${baseUrl}/h5/submit?bytedToken=${encodeURIComponent(token)}&result=pass`),
      'the receiver page',
    )
    const pageText = await page.text()
    if (page.status !== 200 || !pageText.includes('Verification complete')) {
      throw new Error(`the receiver answered ${page.status}: ${pageText.slice(0, 200)}`)
    }
    const exit = await validate.end()
    steps.push({ args: validateArgs, exit, stdout: validate.docs, stderr: validate.stderr() })
    const groupId = validate.docs.find((d) => d.event === 'validated')?.group_id

    const manifest = join(dir, 'assets.csv')
    writeFileSync(
      manifest,
      'name,type,url\nface,Image,https://cdn.example/face.png\nvoice,Audio,https://cdn.example/voice.mp3\n' +
        'bad,Image,https://cdn.example/face-mismatch.png\n',
    )
    steps.push(await step(['--json', 'onboard', '--reference', 'actor-t', manifest], env))
    // Resumed: everything recorded, nothing sent again.
    steps.push(await step(['--json', 'onboard', '--reference', 'actor-t', manifest], env))
    const assetId = steps.at(-1).stdout[0]?.items?.[0]?.asset_id ?? 'none'
    steps.push(await step(['--json', 'status', assetId], env))
    steps.push(await step(['--json', 'wait', assetId, '--timeout', '30'], env))
    steps.push(
      await step(
        ['--json', 'upload', '--group-id', groupId ?? 'none', '--name', 'extra', '--type', 'Video']
          .concat(['--url', 'https://cdn.example/extra.mp4', '--wait']),
        env,
      ),
    )
    steps.push(await step(['--json', 'journal', 'people'], env))
    steps.push(await step(['--json', 'journal', 'assets', '--reference', 'actor-t', '--status', 'Active'], env))
    steps.push(await step(['--json', 'journal', 'export'], env))
    steps.push(await step(['--json', 'preflight', 'http://127.0.0.1:9/face.png', '--type', 'Image'], env))
    steps.push(await step(['--json', 'doctor'], env))
    // Bad usage: refused, naming the value, nothing sent.
    steps.push(
      await step(['--json', 'upload', '--group-id', 'g', '--name', 'x', '--type', 'Picture', '--url', 'https://a.example/x.png'], env),
    )
  } finally {
    simulator.stop('SIGINT')
    await within(simulator.end(), 'the simulator to stop').catch(() => simulator.stop('SIGKILL'))
  }
  const normalise = normaliser(dir)
  rmSync(dir, { recursive: true, force: true })
  // stderr is the human channel (empty of JSON); it is shown on a mismatch, not compared.
  return steps.map(({ args, exit, stdout, stderr }) => {
    const docs = normalise(stdout)
    return {
      transcript: { args: normalise(args), exit, stdout: args.includes('export') ? sorted(docs) : docs },
      stderr,
    }
  })
}

const recorded = await session()
const transcript = recorded.map((s) => s.transcript)
if (write) {
  writeFileSync(EXPECTED, `${JSON.stringify(transcript, null, 2)}\n`)
  console.log(`wrote ${EXPECTED} (${transcript.length} steps)`)
  process.exit(0)
}
const expected = JSON.parse(readFileSync(EXPECTED, 'utf8'))
let mismatches = 0
for (let i = 0; i < Math.max(expected.length, transcript.length); i++) {
  if (!isDeepStrictEqual(transcript[i], expected[i])) {
    mismatches++
    console.error(`step ${i + 1} differs from ${EXPECTED}:`)
    console.error(`  expected: ${JSON.stringify(expected[i])}`)
    console.error(`  got:      ${JSON.stringify(transcript[i])}`)
    if (recorded[i]?.stderr) console.error(`  its stderr: ${recorded[i].stderr}`)
  }
}
if (mismatches > 0) {
  console.error(`${mismatches} of ${expected.length} steps differ (command: ${command.join(' ')})`)
  process.exit(1)
}
console.log(`${transcript.length} steps as expected (command: ${command.join(' ')})`)
