// The CLI as a person at a terminal sees it, driven in tmux and read off the screen: validate
// shows a QR code and a countdown that moves, then the GroupId; onboard shows a bar per phase
// reaching 100 % and a final table.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import jsQR from 'jsqr'
import { CLI, Running, startSimulator } from '../browser/cli.mjs'

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url))
const BOUND_MS = 60_000

function tmux(...args) {
  return execFileSync('tmux', args, { encoding: 'utf8' })
}

/**
 * Runs `args` in a detached tmux window wide enough for the whole H5 link; `t.after` kills it.
 * `noColor` sets NO_COLOR; `pipe` sends stdout through `cat` (not a terminal).
 */
function startWindow(t, name, args, env, { noColor = false, pipe = false } = {}) {
  const quoted = [CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  const exports = ['SEEDANCE_BASE_URL', 'SEEDANCE_API_KEY', 'SEEDANCE_JOURNAL']
    .map((k) => `${k}='${env[k]}'`)
    .join(' ')
  const color = noColor ? 'NO_COLOR=1' : '-u NO_COLOR'
  const status = pipe ? ' | cat; echo EXIT=$' + '{PIPESTATUS[0]}' : '; echo EXIT=$?'
  const command = `env ${color} ${exports} ${quoted}${status}`
  // The pane stays after the command so its last screen and exit code can be read.
  tmux('new-session', '-d', '-s', name, '-x', '300', '-y', '80', `bash -c '${command.replaceAll("'", "'\\''")}; sleep 600'`)
  t.after(() => {
    try {
      tmux('kill-session', '-t', name)
    } catch {}
  })
}

/** The screen's text; with `escapes`, its colour codes too. */
function screen(name, { escapes = false } = {}) {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name)
}

/** Polls the screen until `predicate` holds; returns that screen. */
async function waitForScreen(name, predicate, what) {
  const deadline = Date.now() + BOUND_MS
  let last = ''
  while (Date.now() < deadline) {
    last = screen(name)
    if (predicate(last)) return last
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the screen never showed ${what}:\n${last}`)
}

function save(name, text) {
  mkdirSync(ARTIFACTS, { recursive: true })
  writeFileSync(join(ARTIFACTS, `${name}.txt`), text)
}

/**
 * The QR code on a screen, read back as a phone's scanner would: the half-block rows become
 * an image (a block is a light module, as drawn for a dark terminal; `▀`/`▄` are two modules)
 * that jsQR decodes. Returns the decoded text, or null.
 */
function decodeScreenQr(text) {
  // The drawing's lines: nothing but half blocks and spaces (its quiet zone is light, so
  // no line of it ends in a space the terminal could trim).
  const rows = text.split('\n').filter((line) => /^[█▀▄ ]{21,}$/.test(line))
  const cells = rows.map((line) => [...line])
  const width = Math.max(...cells.map((r) => r.length))
  const light = { '█': [true, true], '▀': [true, false], '▄': [false, true] }
  const modules = cells.flatMap((r) => {
    const pairs = Array.from({ length: width }, (_, i) => light[r[i]] ?? [false, false])
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])]
  })
  const scale = 4
  const margin = 8 * scale
  const w = width * scale + 2 * margin
  const h = modules.length * scale + 2 * margin
  const pixels = new Uint8ClampedArray(w * h * 4).fill(255)
  for (const [y, row] of modules.entries()) {
    for (const [x, isLight] of row.entries()) {
      if (isLight) continue
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = ((margin + y * scale + dy) * w + margin + x * scale + dx) * 4
          pixels.fill(0, at, at + 3)
        }
      }
    }
  }
  return jsQR(pixels, w, h, { inversionAttempts: 'dontInvert' })?.data ?? null
}

/**
 * A screen captured with its colour codes, as lines of text with the foreground/background
 * in effect at each character (`'97/40'`): tmux writes a code only where the colour changes,
 * so it carries over from line to line.
 */
function paintedLines(escaped) {
  const esc = String.fromCharCode(27)
  const sgrPart = new RegExp(`(${esc}\\[[0-9;]*m)`)
  const sgrWhole = new RegExp(`^${esc}\\[([0-9;]*)m$`)
  let fg = 'default'
  let bg = 'default'
  return escaped.split('\n').map((line) => {
    let text = ''
    const colours = []
    for (const part of line.split(sgrPart)) {
      const sgr = part.match(sgrWhole)
      if (sgr) {
        for (const code of sgr[1].split(';').map(Number)) {
          if (code === 0) [fg, bg] = ['default', 'default']
          else if (code === 39) fg = 'default'
          else if (code === 49) bg = 'default'
          else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) fg = String(code)
          else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) bg = String(code)
        }
        continue
      }
      for (const ch of part) {
        text += ch
        colours.push(`${fg}/${bg}`)
      }
    }
    return { text, colours }
  })
}

const countdown = (text) => {
  const match = text.match(/expires in (\d+):(\d\d)/)
  return match ? Number(match[1]) * 60 + Number(match[2]) : null
}

test('validate: a QR code, a moving countdown, then the GroupId', async (t) => {
  const { env } = await startSimulator(t)
  const name = `seedance-validate-${process.pid}`
  startWindow(t, name, ['validate', '--reference', 'actor-tty', '--listen', '127.0.0.1:0'], env)
  const first = await waitForScreen(name, (s) => countdown(s) !== null, 'the countdown')
  const qrRows = first.split('\n').filter((line) => /[█▀▄]{10,}/.test(line))
  assert.ok(qrRows.length >= 10, `a QR code of block characters:\n${first}`)
  const link = first.match(/http:\/\/127\.0\.0\.1:\d+\/h5\/validate\?\S+/)
  assert.ok(link, `the H5 link in full:\n${first}`)
  assert.equal(decodeScreenQr(first), link[0], `the QR code on the screen is the H5 link:\n${first}`)
  // Painted white on black (SGR 97 and 40) throughout, so a light terminal shows it alike.
  const paint = paintedLines(screen(name, { escapes: true }))
  const qrPaint = paint.filter(({ text }) => /[█▀▄]{10,}/.test(text))
  assert.equal(qrPaint.length, qrRows.length)
  for (const { text, colours } of qrPaint) {
    assert.ok(colours.every((c) => c === '97/40'), `a QR line not white on black throughout: ${text} ${[...new Set(colours)]}`)
  }
  const start = countdown(first)
  assert.ok(start > 100 && start <= 120, `${start}`)
  const later = await waitForScreen(name, (s) => countdown(s) !== null && countdown(s) < start, 'the countdown moving')
  assert.ok(countdown(later) < start)

  // The person passes on their phone: the H5 page's Pass, redirected to the receiver.
  const token = new URL(link[0]).searchParams.get('bytedToken')
  const page = await fetch(`${new URL(link[0]).origin}/h5/submit?bytedToken=${token}&result=pass`)
  assert.match(await page.text(), /Verification complete/)
  const end = await waitForScreen(name, (s) => s.includes('EXIT='), 'the end')
  save('validate', end)
  assert.match(end, /GroupId: group-\S+/)
  assert.match(end, /EXIT=0/)
})

test('onboard: a bar per phase reaching 100 % and the final table', async (t) => {
  const { env, dir } = await startSimulator(t)
  // A person to onboard, validated through the CLI's receiver first.
  const manifest = join(dir, 'assets.csv')
  writeFileSync(
    manifest,
    'name,type,url\nface,Image,https://cdn.example/face.png\nvoice,Audio,https://cdn.example/voice.mp3\nclip,Video,https://cdn.example/clip.mp4\n',
  )
  const validateName = `seedance-person-${process.pid}`
  startWindow(t, validateName, ['validate', '--reference', 'actor-bars', '--listen', '127.0.0.1:0'], env)
  const shown = await waitForScreen(validateName, (s) => /\/h5\/validate\?\S+/.test(s), 'the H5 link')
  const link = new URL(shown.match(/http:\/\/127\.0\.0\.1:\d+\/h5\/validate\?\S+/)[0])
  await fetch(`${link.origin}/h5/submit?bytedToken=${link.searchParams.get('bytedToken')}&result=pass`)
  await waitForScreen(validateName, (s) => s.includes('EXIT=0'), 'the validation')

  const name = `seedance-onboard-${process.pid}`
  startWindow(t, name, ['onboard', '--reference', 'actor-bars', manifest], env)
  const end = await waitForScreen(name, (s) => s.includes('EXIT='), 'the end')
  save('onboard', end)
  const bars = end.split('\n').filter((line) => /^(uploaded|settled)\s+\[/.test(line))
  assert.equal(bars.length, 2, end)
  for (const bar of bars) assert.match(bar, /3\/3\s+100%/)
  assert.match(end, /NAME\s+TYPE\s+STATUS\s+ASSET/)
  for (const item of ['face', 'voice', 'clip']) assert.match(end, new RegExp(`${item}\\s+\\w+\\s+Active\\s+asset://`))
  assert.match(end, /3 Active/)
  assert.match(end, /EXIT=0/)
})

test('colours only on a terminal without NO_COLOR; --quiet and NO_COLOR draw no bars', async (t) => {
  const { env, dir } = await startSimulator(t)
  // ESC [ 31 m / 32 m: the red and green the CLI marks results with.
  const colour = new RegExp(`${String.fromCharCode(27)}\\[3[12]m`)
  const ended = async (name) => {
    await waitForScreen(name, (s) => s.includes('EXIT='), `the end of ${name}`)
    return screen(name, { escapes: true })
  }
  const run = `${process.pid}`
  startWindow(t, `seedance-colour-${run}`, ['doctor'], env)
  startWindow(t, `seedance-nocolour-${run}`, ['doctor'], env, { noColor: true })
  startWindow(t, `seedance-piped-${run}`, ['doctor'], env, { pipe: true })
  const coloured = await ended(`seedance-colour-${run}`)
  assert.match(coloured, colour, `doctor on a terminal marks its checks in colour:\n${coloured}`)
  for (const name of [`seedance-nocolour-${run}`, `seedance-piped-${run}`]) {
    const plain = await ended(name)
    assert.match(plain, /api_key|key/i, plain)
    assert.doesNotMatch(plain, colour, `${name}: no colour codes:\n${plain}`)
  }

  const manifest = join(dir, 'quiet.csv')
  writeFileSync(manifest, 'name,type,url\nface,Image,https://cdn.example/face.png\n')
  const validate = new Running(['--json', 'validate', '--reference', 'actor-quiet', '--listen', '127.0.0.1:0'], env)
  t.after(() => validate.child.kill())
  const link = new URL((await validate.event('session')).h5_link)
  await fetch(`${link.origin}/h5/submit?bytedToken=${link.searchParams.get('bytedToken')}&result=pass`)
  await validate.event('validated')
  const quiet = `seedance-quiet-${run}`
  startWindow(t, quiet, ['--quiet', 'onboard', '--reference', 'actor-quiet', manifest], env)
  const end = await ended(quiet)
  assert.doesNotMatch(end, /^(uploaded|settled)\s+\[/m, `--quiet draws no bars:\n${end}`)
  assert.match(end, /face\s+Image\s+Active/, end)
})
