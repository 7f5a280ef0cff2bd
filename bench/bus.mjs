// Invalidation messages between instances on a Redis Cluster: a cluster-wide PUBLISH (every
// node forwards it to the others over the cluster bus) against the sharded SPUBLISH isrkit sends (Redis >= 7: only the shard
// owning the channel, its primary and replicas, sees it), beside one Redis. Three subscribers stand for three
// instances; each message is a bus envelope of an invalidation's size. Measured: Redis CPU per message, summed
// over every node (INFO cpu before and after), and the delay from publishing to the last subscriber's receipt.
import { Redis } from 'ioredis'

const SUBSCRIBERS = 3
const IN_FLIGHT = 20

const envelope = (i) =>
  JSON.stringify({
    from: 'bench-publisher',
    message: { type: 'invalidate', record: { stale: Date.now(), purge: 0, settle: 0 }, tags: [`post:${i}`, 'posts'] },
    pad: 'x'.repeat(120),
  })

async function redisCpuSeconds(nodes) {
  let total = 0
  for (const { host, port } of nodes) {
    const client = new Redis({ host, port, lazyConnect: true })
    await client.connect()
    const info = await client.info('cpu')
    client.disconnect()
    for (const name of ['used_cpu_sys', 'used_cpu_user'])
      total += Number(info.match(new RegExp(`${name}:([\\d.]+)`))[1])
  }
  return total
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

/** `connect()` gives a client; `sharded` uses SSUBSCRIBE/SPUBLISH. */
async function measure({ connect, nodes, sharded, messages }) {
  const channel = 'isr:bus'
  const publisher = connect()
  const subscribers = Array.from({ length: SUBSCRIBERS }, () => connect())
  const pending = new Map()
  for (const subscriber of subscribers) {
    subscriber.on(sharded ? 'smessage' : 'message', (_channel, text) => {
      const id = JSON.parse(text).message.tags[0]
      const waiting = pending.get(id)
      if (waiting && --waiting.left === 0) {
        pending.delete(id)
        waiting.done(performance.now() - waiting.at)
      }
    })
    await (sharded ? subscriber.ssubscribe(channel) : subscriber.subscribe(channel))
  }
  await new Promise((resolve) => setTimeout(resolve, 500))
  const send = (i) =>
    new Promise((done) => {
      pending.set(`post:${i}`, { left: SUBSCRIBERS, at: performance.now(), done })
      void (sharded ? publisher.spublish(channel, envelope(i)) : publisher.publish(channel, envelope(i)))
    })
  for (let i = 0; i < 200; i++) await send(-1 - i)
  const cpuBefore = await redisCpuSeconds(nodes)
  const delays = []
  let next = 0
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < messages) delays.push(await send(next++))
    }),
  )
  const cpu = (await redisCpuSeconds(nodes)) - cpuBefore
  for (const client of [publisher, ...subscribers]) client.disconnect()
  delays.sort((a, b) => a - b)
  return {
    'Redis CPU µs/msg (all nodes)': ((cpu * 1e6) / messages).toFixed(1),
    'p50 ms': quantile(delays, 0.5).toFixed(2),
    'p99 ms': quantile(delays, 0.99).toFixed(2),
  }
}

/** Rows for PUBLISH and SPUBLISH on the cluster, and PUBLISH on one Redis. */
export async function benchBus({ redis, cluster, messages = 5000 }) {
  const one = [{ host: '127.0.0.1', port: Number(new URL(redis.url).port) }]
  const onCluster = (options) => () => new Redis.Cluster(cluster.nodes, options)
  return {
    'one Redis, PUBLISH': await measure({ connect: () => new Redis(redis.url), nodes: one, messages }),
    'Cluster 3+3, PUBLISH': await measure({
      connect: onCluster({}),
      nodes: cluster.nodes,
      messages,
    }),
    'Cluster 3+3, SPUBLISH (what isrkit sends)': await measure({
      connect: onCluster({ shardedSubscribers: true }),
      nodes: cluster.nodes,
      sharded: true,
      messages,
    }),
  }
}
