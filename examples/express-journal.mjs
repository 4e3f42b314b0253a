// Keep what you get (README): an Express backend whose validated people survive restarts and
// whose callbacks are exchanged once, however often the browser comes back. Run with
// SEEDANCE_API_KEY, PUBLIC_URL (where this server is reachable) and optionally PORT and
// SEEDANCE_JOURNAL; tests/node/express-example.test.mjs runs it against the simulator.
import express from 'express'
import { Client, Journal } from 'seedance-assets'

const journal = await Journal.open() // SEEDANCE_JOURNAL, else a file in the user's data directory
const client = new Client({ journal })
const app = express()

app.get('/users/:id/validate', async (req, res) => {
  const session = await client.createValidationSession({
    callbackUrl: `${process.env.PUBLIC_URL}/seedance/callback`,
    reference: req.params.id, // your user id: the person is kept under it
  })
  res.redirect(session.h5Link)
})

app.get('/seedance/callback', async (req, res) => {
  const person = await client.completeValidation(req.originalUrl) // one exchange per token, ever
  res.json({ user: person.reference, groupId: person.groupId })
})

app.use((err, _req, res, _next) => res.status(err.code === 'ERR_CALLBACK' ? 400 : 500).json({ error: err.code }))
app.listen(process.env.PORT ?? 3000, () => console.log('listening'))
