// Azurite's blob service (Microsoft's Azure Storage emulator, from the npm lockfile) on
// 127.0.0.1 for the Azure staging tests: started in memory on a free port, with the containers
// named on the command line created, then `READY <account endpoint>` printed. It checks every
// request's Shared Key or SAS signature against the emulator account's key. Runs until its
// stdin closes (the test that started it ended) or it is signalled, then stops Azurite.
//
// usage: node scripts/azurite.mjs CONTAINER...
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob'

/** The emulator's well-known account and key (public: Azurite's documentation). */
const ACCOUNT = 'devstoreaccount1'
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const azurite = spawn(
  join(root, 'node_modules', '.bin', 'azurite-blob'),
  ['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
)
const stop = () => {
  azurite.kill('SIGKILL')
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop).resume()
azurite.on('exit', (code) => {
  console.error(`azurite-blob ended (${code})`)
  process.exit(1)
})

const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('azurite-blob did not say where it listens')), 60_000)
  createInterface({ input: azurite.stdout }).on('line', (line) => {
    const found = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
    if (found) {
      clearTimeout(timer)
      resolve(found[1])
    }
  })
})
const endpoint = `${base}/${ACCOUNT}`
const service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(ACCOUNT, KEY))
for (const name of process.argv.slice(2)) await service.getContainerClient(name).create()
process.stdout.write(`READY ${endpoint}\n`)
