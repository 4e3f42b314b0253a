// Every declaration and member a user sees in the public typings has a doc comment (editors
// show it on hover): a line declaring one must follow the end of a `/** … */` block.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ROOT } from './helpers.mjs'

/** Lines that only continue or close something declared above them. */
const NOT_A_DECLARATION = /^(\/\/|\/\*|\*|}|\)|\||'|import |export \* |export default )/

function undocumented(file) {
  const lines = readFileSync(`${ROOT}/lib/${file}`, 'utf8').split('\n')
  return lines.flatMap((line, i) => {
    const text = line.trim()
    if (!text || NOT_A_DECLARATION.test(text) || !/^(export | {2}\S)/.test(line)) return []
    return lines[i - 1]?.trim().endsWith('*/') ? [] : [`${file}:${i + 1}: ${text}`]
  })
}

for (const file of ['index.d.ts', 'testing.d.ts']) {
  test(`every member of lib/${file} has a doc comment`, () => {
    assert.deepEqual(undocumented(file), [])
  })
}
