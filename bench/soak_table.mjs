// The soaks' result table: one "| key | value |" row per measurement, keys padded to one width.

export function printTable(title, rows) {
  const width = Math.max(title.length, ...rows.map(([k]) => k.length))
  console.log(`| ${title.padEnd(width)} | result |`)
  console.log(`|${'-'.repeat(width + 2)}|--------|`)
  for (const [key, value] of rows) console.log(`| ${key.padEnd(width)} | ${value} |`)
}
