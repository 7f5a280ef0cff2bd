// Nitro's defineCachedFunction answering from its cache (the `cache` storage, memory in a node-server
// build), beside a bare call of the same function, timed in this process as bench/cached.mjs times isrkit.
import { defineEventHandler, getQuery } from 'h3'
import { post, timeCalls } from '../../../../calls.mjs'

const getPost = defineCachedFunction(async (slug) => post(slug), { name: 'getPost', maxAge: 3600, swr: true })

export default defineEventHandler(async (event) => {
  const calls = Number(getQuery(event).calls ?? 20_000)
  await getPost('hello')
  return {
    bare: await timeCalls(async () => post('hello'), { calls }),
    hit: await timeCalls(() => getPost('hello'), { calls }),
  }
})
