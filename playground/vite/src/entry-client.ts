// The interactive part: it must work on a page served from the cache.
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-counter]')) {
  let count = 0
  button.addEventListener('click', () => {
    count++
    button.textContent = `Liked ${count} ${count === 1 ? 'time' : 'times'}`
  })
}
