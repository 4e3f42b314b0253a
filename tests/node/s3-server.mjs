// A real S3-protocol server on 127.0.0.1 for the staging tests: s3s-fs (installed by
// scripts/s3s-fs.sh), which checks every request's SigV4 signature against one key pair,
// presigned URLs included. A missing binary fails the test: it is never skipped.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export const ACCESS_KEY = 'stagingtestaccess'
export const SECRET_KEY = 'stagingtestsecret-qpzmwlvxkrhj'
export const BUCKET = 'assets'

function binary() {
  if (process.env.SEEDANCE_TEST_S3S_FS) return process.env.SEEDANCE_TEST_S3S_FS
  const cargoBin = join(homedir(), '.cargo', 'bin', 's3s-fs')
  return existsSync(cargoBin) ? cargoBin : 's3s-fs'
}

/** Starts s3s-fs with bucket `assets` over a scratch folder; stopped after the test `t`. */
export async function startS3Server(t) {
  const root = mkdtempSync(join(tmpdir(), 'seedance-s3-'))
  mkdirSync(join(root, BUCKET))
  const args = ['--host', '127.0.0.1', '--port', '0', '--access-key', ACCESS_KEY, '--secret-key', SECRET_KEY, root]
  const child = spawn(binary(), args, { env: { ...process.env, RUST_LOG: 's3s_fs=info' }, stdio: ['ignore', 'pipe', 'ignore'] })
  t.after(() => {
    child.kill('SIGKILL')
    rmSync(root, { recursive: true, force: true })
  })
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('s3s-fs did not say where it listens')), 30_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`cannot start s3s-fs (${error.message}): install it with \`bash scripts/s3s-fs.sh\``))
    })
    // Read to the end: the server's log must not fill the pipe and block it.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const at = line.indexOf('http://127.0.0.1:')
      if (at >= 0) {
        clearTimeout(timer)
        resolve(line.slice(at).split(/\s/)[0])
      }
    })
  })
  return {
    endpoint,
    /** The store's usual environment for this server (the client reads it when built). */
    environment(secret = SECRET_KEY) {
      return {
        AWS_ACCESS_KEY_ID: ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY: secret,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: endpoint,
        AWS_ALLOW_HTTP: 'true',
      }
    },
    /** The files stored in the bucket under `prefix`. */
    objects(prefix) {
      const folder = join(root, BUCKET, prefix)
      return existsSync(folder) ? readdirSync(folder).filter((n) => !n.startsWith('.')).sort() : []
    },
  }
}

/** A client of `sim` built while `environment` is set (the core reads `AWS_*` then). */
export function withEnvironment(environment, build) {
  const saved = Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]]))
  Object.assign(process.env, environment)
  try {
    return build()
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}
