// Soak (issue 11), Node: N uploads, each followed by waitForAsset, against a simulator in chaos
// mode, checked against the simulator's own records (see bench/soak.py for the Python twin).
//
// usage: node bench/soak.mjs [--ops N] [--chaos P] [--concurrency C] [--seed S]
// Defaults: 10,000 x SOAK_SCALE operations, 20 % faults, 48 in flight. Prints a table; exits 1
// on a URL uploaded twice, an upload that took effect reported as a definite failure, an
// accepted asset that did not reach a final state, or RSS / open descriptors growing.
import { readdirSync } from 'node:fs'
import process from 'node:process'
import { AssetFailedError, OutcomeUnknownError, SeedanceError } from 'seedance-assets'
import { Simulator } from 'seedance-assets/testing'
import { printTable } from './soak_table.mjs'

// Growth allowed between the end of the first tenth and the end of the run: generous, since
// the simulator (in this process) keeps every asset and V8 grows its heap lazily.
const RSS_SLACK_BYTES = 96 * 1024 * 1024
const RSS_SLACK_RATIO = 1.5
const FD_SLACK = 64

function parseArgs(argv) {
  const scale = Number(process.env.SOAK_SCALE ?? '1')
  const args = {
    ops: Math.max(1, Math.round(10_000 * scale)),
    chaos: Number(process.env.SOAK_CHAOS ?? '0.2'),
    concurrency: 48,
    seed: Number(process.env.SOAK_SEED ?? '11'),
    maxRetries: 4,
    waitTimeoutMs: 300_000,
  }
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1])
    switch (argv[i]) {
      case '--ops': args.ops = value; break
      case '--chaos': args.chaos = value; break
      case '--concurrency': args.concurrency = value; break
      case '--seed': args.seed = value; break
      default: throw new Error(`unknown option ${argv[i]}`)
    }
  }
  return args
}

function openFds() {
  try {
    return readdirSync('/proc/self/fd').length
  } catch {
    return 0
  }
}

const codeOf = (error) => error?.code ?? error?.name ?? String(error)

async function soak(args) {
  const sim = await Simulator.start({ processingDelayMs: 50, chaos: { probability: args.chaos, seed: args.seed } })
  const run = `node-${process.pid}-${Date.now()}`
  const client = sim.client({ rateLimits: false, maxRetries: args.maxRetries })
  const outcome = new Map() // url -> 'active' | 'failed' | 'unknown' | 'refused:CODE' | 'wait:CODE'
  const samples = [[process.memoryUsage.rss(), openFds()]]
  const sampleEvery = Math.max(1, Math.floor(args.ops / 10))
  let next = 0
  let done = 0
  const one = async (n) => {
    const assetUrl = `https://cdn.example.com/soak/${run}/${n}.jpg`
    let created
    try {
      created = await client.uploadAsset({ name: `soak-${n}`, assetType: 'Image', assetUrl })
    } catch (error) {
      if (error instanceof OutcomeUnknownError) outcome.set(assetUrl, 'unknown')
      else if (error instanceof SeedanceError) outcome.set(assetUrl, `refused:${codeOf(error)}`)
      else throw error
      return
    }
    try {
      await client.waitForAsset(created.assetId, { timeoutMs: args.waitTimeoutMs, pollIntervalMs: 100 })
      outcome.set(assetUrl, 'active')
    } catch (error) {
      if (error instanceof AssetFailedError) outcome.set(assetUrl, 'failed')
      else if (error instanceof SeedanceError) outcome.set(assetUrl, `wait:${codeOf(error)}`)
      else throw error
    }
  }
  const worker = async () => {
    while (next < args.ops) {
      await one(next++)
      done += 1
      if (done % sampleEvery === 0) samples.push([process.memoryUsage.rss(), openFds()])
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: args.concurrency }, worker))
  const wall = (performance.now() - started) / 1000
  const uploads = sim.uploadsPerUrl()
  const faults = sim.faultsInjected()
  const requests = sim.totalRequests()
  await sim.close()

  const duplicates = Object.keys(uploads).filter((url) => uploads[url] > 1)
  const lost = Object.keys(uploads).filter((url) => (outcome.get(url) ?? '').startsWith('refused:'))
  const phantom = [...outcome].filter(([url, o]) => (o === 'active' || o === 'failed') && !(url in uploads))
  const unfinished = [...outcome].filter(([, o]) => o.startsWith('wait:')).map(([url]) => url)
  const tally = {}
  for (const o of outcome.values()) tally[o.split(':')[0]] = (tally[o.split(':')[0]] ?? 0) + 1
  const base = samples.length > 2 ? samples[1] : samples[0]
  const last = samples.at(-1)
  const rssOk = last[0] <= base[0] * RSS_SLACK_RATIO + RSS_SLACK_BYTES
  const fdOk = last[1] <= base[1] + FD_SLACK
  const list = (o) => Object.entries(o).sort().map(([k, v]) => `${k} ${v}`).join(', ')
  const mib = (b) => (b / 2 ** 20).toFixed(0)
  const rows = [
    ['binding', 'node (Client, promises)'],
    ['operations', `${args.ops} (${args.concurrency} in flight, ${Math.round(args.chaos * 100)}% chaos, seed ${args.seed})`],
    ['outcomes', list(tally)],
    ['faults injected', list(faults) || 'none'],
    ['faults total', String(Object.values(faults).reduce((a, b) => a + b, 0))],
    ['duplicates', String(duplicates.length)],
    ['lost (took effect, reported as failure)', String(lost.length)],
    ['phantom (reported, never created)', String(phantom.length)],
    ['unfinished waits', String(unfinished.length)],
    ['requests per operation', (requests / Math.max(1, args.ops)).toFixed(2)],
    ['RSS MiB (after first tenth -> end)', `${mib(base[0])} -> ${mib(last[0])}${rssOk ? '' : ' GREW'}`],
    ['open fds (after first tenth -> end)', `${base[1]} -> ${last[1]}${fdOk ? '' : ' GREW'}`],
    ['wall time', `${wall.toFixed(1)} s`],
  ]
  printTable('soak', rows)
  const violations = Object.entries({
    duplicates: duplicates.length,
    lost: lost.length,
    phantom: phantom.length,
    unfinished: unfinished.length,
    rss: !rssOk,
    fds: !fdOk,
    incomplete: outcome.size !== args.ops,
  }).filter(([, bad]) => bad)
  if (violations.length > 0) {
    console.error(`SOAK FAILED: ${violations.map(([k]) => k).join(', ')}`)
    for (const url of [...duplicates, ...lost, ...unfinished].slice(0, 10)) {
      console.error(`  ${url}: created ${uploads[url] ?? 0}x, client saw ${outcome.get(url)}`)
    }
    return 1
  }
  return 0
}

process.exitCode = await soak(parseArgs(process.argv.slice(2)))
