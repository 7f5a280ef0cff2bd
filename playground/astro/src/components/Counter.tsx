import { useState } from 'preact/hooks'

/** An island: it must hydrate and work on a page served from the cache. */
export default function Counter() {
  const [count, setCount] = useState(0)
  return (
    <button type="button" data-counter onClick={() => setCount(count + 1)}>
      Liked {count} {count === 1 ? 'time' : 'times'}
    </button>
  )
}
