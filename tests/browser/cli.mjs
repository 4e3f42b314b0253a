// The built `seedance-assets` binary (SEEDANCE_CLI, set by scripts/cli-lib.sh) as child
// processes: the simulator it runs, commands whose JSON lines are read as they come.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export const CLI = process.env.SEEDANCE_CLI
if (!CLI) throw new Error('SEEDANCE_CLI must name the built seedance-assets binary (scripts/cli-lib.sh sets it)')

const BOUND_MS = 60_000

/** A running CLI command whose stdout JSON lines are read with `event(name)`. */
export class Running {
  constructor(args, env) {
    this.child = spawn(CLI, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    this.stderr = ''
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk
    })
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)))
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]()
  }

  /** The next JSON line whose `event` is `name`. */
  async event(name) {
    const deadline = Date.now() + BOUND_MS
    while (Date.now() < deadline) {
      const { value, done } = await this.lines.next()
      if (done) throw new Error(`the command ended before a ${name} event; stderr: ${this.stderr}`)
      const parsed = JSON.parse(value)
      if (parsed.event === name) return parsed
    }
    throw new Error(`no ${name} event in time`)
  }

  /** The exit code, within a generous bound. */
  async exitCode() {
    let timer
    const bound = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('the command did not end in time')), BOUND_MS)
    })
    try {
      return await Promise.race([this.exited, bound])
    } finally {
      clearTimeout(timer)
    }
  }

  stop() {
    this.child.kill('SIGINT')
  }
}

/** A simulator run by `seedance-assets simulate`, and the environment pointing the CLI at it. */
export async function startSimulator(t) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-e2e-'))
  const sim = new Running(['--json', 'simulate', '--port', '0', '--processing-delay', '300'], process.env)
  const { base_url: baseUrl, api_key: apiKey } = await sim.event('listening')
  t.after(async () => {
    sim.stop()
    await sim.exitCode()
    rmSync(dir, { recursive: true, force: true })
  })
  const env = {
    ...process.env,
    SEEDANCE_BASE_URL: baseUrl,
    SEEDANCE_API_KEY: apiKey,
    SEEDANCE_JOURNAL: join(dir, 'journal.sqlite3'),
  }
  return { baseUrl, env, dir }
}

/** Runs a CLI command to its end: exit code and stdout. */
export function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout }))
  })
}
