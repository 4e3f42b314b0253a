// Soak (issue 13), Node: onboarding killed at random (see bench/soak_onboard.py for the Python
// twin). Worker processes onboard the same person's assets on one journal against a simulator
// (in this process) with request faults, a failure share and an upload quota; each is killed
// with SIGKILL at a random moment and started again until one run finishes; its report is then
// checked against the simulator's own records.
//
// usage: node bench/soak_onboard.mjs [--items N] [--workers W] [--chaos P] [--failure-share S]
//        [--per-second R] [--seed S] [--max-kills K] [--journal sqlite|postgres]
// Defaults: 1,000 x SOAK_SCALE items (at least 10), 3 workers, 10 % faults, 20 % failures,
// 20 uploads/s. Prints a table; exits 1 on a URL uploaded twice, an Active item the simulator
// does not hold as Active, a Failed one without the simulator's drawn reason, an item missing
// or unfinished, or a worker that died on its own.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { Client, Journal } from 'seedance-assets'
import { Simulator } from 'seedance-assets/testing'
import { printTable } from './soak_table.mjs'

const JOB_ENV = 'SEEDANCE_SOAK_ONBOARD_JOB'
// One HTTP attempt's limit in the workers: an upload cut off by a kill is given up on (and
// reported Ambiguous by the run that finds it) once this and the journal's margin have passed.
const ATTEMPT_TIMEOUT_MS = 5000

const items = (job) =>
  Array.from({ length: job.items }, (_, i) => ({
    name: `shot ${i}`,
    assetType: 'Image',
    assetUrl: `https://cdn.example.com/${job.run}/${i}.jpg`,
  }))

/** One onboarding run; prints its report's items as one JSON line. */
async function worker(job) {
  const journal = await Journal.open(job.journal)
  const client = new Client({ apiKey: job.apiKey, baseUrl: job.url, journal, rateLimits: false, timeoutMs: ATTEMPT_TIMEOUT_MS })
  const report = await client.onboard({ groupId: job.groupId, assets: items(job), uploadRate: job.rate, timeoutMs: 600_000 })
  const fields = ({ assetUrl, assetId, status, errorCode }) => ({ assetUrl, assetId, status, errorCode })
  process.stdout.write(`REPORT ${JSON.stringify(report.items.map(fields))}\n`)
}

/** A seeded generator (mulberry32), so one seed repeats the kill moments. */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A URL whose search_path is a new schema, and a function that drops it. */
async function postgresJournal(run) {
  const { default: pg } = await import('pg')
  const base = process.env.SEEDANCE_TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/test'
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE SCHEMA "${run}"`)
  const url = `${base}${base.includes('?') ? '&' : '?'}options=-csearch_path%3D${run}&sslmode=disable`
  return [url, async () => { await admin.query(`DROP SCHEMA "${run}" CASCADE`); await admin.end() }]
}

/**
 * Keeps `args.workers` workers running, killing each at a random moment (while kills are left),
 * until one finishes; resolves with its report's items, the kills and the starts.
 */
function runWorkers(job, args, rand) {
  // Kills land within the time the uploads alone take (at the quota), so most hit a run.
  const expectedMs = (job.items / args.perSecond) * 1000
  let killsLeft = args.maxKills
  let kills = 0
  let starts = 0
  const running = new Set()
  return new Promise((resolve, reject) => {
    const finish = (fn) => {
      for (const { child, timer } of running) {
        clearTimeout(timer)
        child.kill('SIGKILL')
      }
      running.clear()
      fn()
    }
    const start = () => {
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
        env: { ...process.env, [JOB_ENV]: JSON.stringify(job) },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      starts += 1
      const entry = { child, timer: undefined, killed: false }
      if (killsLeft > 0) {
        killsLeft -= 1
        entry.timer = setTimeout(() => {
          entry.killed = true
          child.kill('SIGKILL')
        }, 300 + rand() * 1.2 * expectedMs)
      }
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      child.on('close', (code) => {
        clearTimeout(entry.timer)
        if (!running.delete(entry)) return
        if (entry.killed) {
          kills += 1
          start()
        } else if (code !== 0) {
          finish(() => reject(new Error(`a worker died on its own (exit ${code}): ${out.slice(-2000)}`)))
        } else {
          const line = out.split('\n').find((l) => l.startsWith('REPORT '))
          finish(() => resolve({ report: JSON.parse(line.slice('REPORT '.length)), kills, starts }))
        }
      })
      running.add(entry)
    }
    for (let i = 0; i < args.workers; i += 1) start()
  })
}

function parseArgs(argv) {
  const scale = Number(process.env.SOAK_SCALE ?? '1')
  const args = {
    items: Math.max(10, Math.round(1000 * scale)),
    workers: 3,
    chaos: 0.1,
    failureShare: 0.2,
    perSecond: 20,
    seed: Number(process.env.SOAK_SEED ?? '11'),
    maxKills: undefined,
    journal: 'sqlite',
  }
  const names = { '--items': 'items', '--workers': 'workers', '--chaos': 'chaos', '--failure-share': 'failureShare' }
  Object.assign(names, { '--per-second': 'perSecond', '--seed': 'seed', '--max-kills': 'maxKills', '--journal': 'journal' })
  for (let i = 0; i < argv.length; i += 2) {
    const name = names[argv[i]]
    if (!name) throw new Error(`unknown option ${argv[i]}`)
    args[name] = name === 'journal' ? argv[i + 1] : Number(argv[i + 1])
  }
  args.maxKills ??= Math.max(2 * args.workers, Math.floor(args.items / 50))
  return args
}

async function soak(args) {
  const run = `soak_onboard_${process.pid}_${Date.now()}`
  const quota = `${args.perSecond}/s`
  const sim = await Simulator.start({ processingDelayMs: 50, quotas: { uploadAsset: quota } })
  const setup = sim.client({ rateLimits: false })
  const session = await setup.createValidationSession({ callbackUrl: 'https://app.example.com/done' })
  sim.completeValidation(session.bytedToken)
  const { groupId } = await setup.getValidationResult(session.bytedToken)
  sim.resetCounters()
  sim.setChaos({ probability: args.chaos, seed: args.seed, failureShare: args.failureShare })
  const scratch = mkdtempSync(join(tmpdir(), 'seedance-soak-onboard-'))
  let journal = join(scratch, 'journal.sqlite3')
  let dropSchema = async () => {}
  if (args.journal === 'postgres') [journal, dropSchema] = await postgresJournal(run)
  const job = { url: sim.url, apiKey: sim.apiKey, journal, groupId, items: args.items, run, rate: quota }
  const started = performance.now()
  let outcome
  try {
    outcome = await runWorkers(job, args, random(args.seed))
  } finally {
    await dropSchema()
    rmSync(scratch, { recursive: true, force: true })
  }
  const wall = (performance.now() - started) / 1000
  const { report, kills, starts } = outcome
  const uploads = sim.uploadsPerUrl()
  const records = new Map(sim.assets().map((r) => [r.assetId, r]))
  const drawn = sim.failuresDrawn()
  const faults = Object.values(sim.faultsInjected()).reduce((a, b) => a + b, 0)
  const most = sim.maxInWindow('uploadAsset', 1000)
  const refusals = sim.quotaRefusals('uploadAsset')
  await sim.close()

  const duplicates = Object.keys(uploads).filter((url) => uploads[url] > 1)
  const wrong = []
  const ambiguous = { 'took effect': 0, 'no effect': 0 }
  for (const item of report) {
    const record = records.get(item.assetId ?? '')
    if (item.status === 'Ambiguous') {
      ambiguous[uploads[item.assetUrl] ? 'took effect' : 'no effect'] += 1
    } else if (!['Active', 'Failed'].includes(item.status) || !record || record.assetUrl !== item.assetUrl) {
      wrong.push(`${item.assetUrl}: ${item.status} ${item.assetId} (simulator: ${JSON.stringify(record)})`)
    } else if (record.status !== item.status || (record.errorCode ?? null) !== (item.errorCode ?? null)) {
      wrong.push(`${item.assetUrl}: ${item.status} ${item.errorCode} (simulator: ${record.status} ${record.errorCode})`)
    }
  }
  const reported = new Set(report.map((i) => i.assetUrl))
  const missing = items(job).filter((i) => !reported.has(i.assetUrl)).map((i) => i.assetUrl)
  const tally = {}
  for (const item of report) tally[item.status] = (tally[item.status] ?? 0) + 1
  const list = (o) => Object.entries(o).sort().map(([k, v]) => `${k} ${v}`).join(', ')
  const ambiguousTotal = ambiguous['took effect'] + ambiguous['no effect']
  const percent = (x) => `${Math.round(x * 100)}%`
  const rows = [
    ['binding', `node, journal ${args.journal}`],
    ['items', `${args.items} (${args.workers} workers, ${percent(args.chaos)} faults, ${percent(args.failureShare)} failures, quota ${quota}, seed ${args.seed})`],
    ['kills (SIGKILL) / starts', `${kills} / ${starts}`],
    ['final report', list(tally)],
    ['failures drawn (simulator)', list(drawn) || 'none'],
    ['faults injected', String(faults)],
    ['ambiguous', `${ambiguousTotal}${ambiguousTotal ? ` ${JSON.stringify(ambiguous)}` : ''}`],
    ['duplicates', String(duplicates.length)],
    ['wrong (report vs simulator)', String(wrong.length)],
    ['missing', String(missing.length)],
    ['uploads at the simulator', `${Object.values(uploads).reduce((a, b) => a + b, 0)} (most in one window ${most}, quota refusals ${refusals})`],
    ['wall time', `${wall.toFixed(1)} s`],
  ]
  printTable('onboarding soak', rows)
  const violations = Object.entries({ duplicates, wrong, missing }).filter(([, v]) => v.length).map(([k]) => k)
  if (violations.length) {
    console.error(`ONBOARDING SOAK FAILED: ${violations.join(', ')}`)
    for (const line of [...duplicates, ...wrong, ...missing].slice(0, 10)) console.error(`  ${line}`)
    return 1
  }
  return 0
}

if (process.env[JOB_ENV]) {
  await worker(JSON.parse(process.env[JOB_ENV]))
} else {
  process.exitCode = await soak(parseArgs(process.argv.slice(2)))
}
