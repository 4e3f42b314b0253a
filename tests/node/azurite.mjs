// Azurite's blob service on 127.0.0.1 for the Azure staging test, started through
// scripts/azurite.mjs (Azurite and the Azure SDK from the npm lockfile), which checks every
// request's Shared Key or SAS signature. Missing node_modules fails the test: never skipped.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { ROOT } from './helpers.mjs'

export const ACCOUNT = 'devstoreaccount1'
// The emulator account's well-known key (public: Azurite's documentation).
export const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export const CONTAINER = 'assets'

/** Starts Azurite with container `assets`; stopped after the test `t`. */
export async function startAzurite(t) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'azurite.mjs'), CONTAINER], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  t.after(() => child.stdin.end())
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Azurite did not start: run `npm ci`')), 90_000)
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer)
        resolve(line.slice('READY '.length))
      }
    })
  })
  return {
    endpoint,
    /** The store's usual environment for this emulator (the client reads it when built). */
    environment() {
      return {
        AZURE_STORAGE_ACCOUNT_NAME: ACCOUNT,
        AZURE_STORAGE_ACCOUNT_KEY: ACCOUNT_KEY,
        AZURE_STORAGE_ENDPOINT: endpoint,
        AZURE_ALLOW_HTTP: 'true',
      }
    },
  }
}
