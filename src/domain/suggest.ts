/** The candidate closest to `input` by case-insensitive edit distance, or undefined when none is plausibly meant. */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.trim().toLowerCase();
  if (wanted === '') return undefined;
  // Short names allow one slip, longer ones one per three characters; never a distance that rewrites the whole name.
  const maxDistance = Math.min(Math.max(1, Math.floor(wanted.length / 3)), wanted.length - 1);
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Three rows of the table, reused from call to call and grown when a longer name comes: closestName calls this once
 * per candidate, so a file of 10,000 unknown columns makes hundreds of thousands of calls, and allocating three
 * arrays for each of them cost more than the comparing.
 */
let rows = new Int32Array(3 * 64);

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two neighbouring characters as one edit
 * (optimal string alignment); Infinity as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  const width = b.length + 1;
  if (rows.length < 3 * width) rows = new Int32Array(3 * width);
  // Where each of the three rows starts in `rows`; they trade places as i goes on.
  let beforePrevious = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j <= b.length; j++) rows[previous + j] = j;
  for (let i = 1; i <= a.length; i++) {
    const here = a.charCodeAt(i - 1);
    const before = i > 1 ? a.charCodeAt(i - 2) : -1;
    rows[current] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const there = b.charCodeAt(j - 1);
      const substitution = rows[previous + j - 1] + (here === there ? 0 : 1);
      const deletion = rows[previous + j] + 1;
      const insertion = rows[current + j - 1] + 1;
      let distance = substitution < deletion ? substitution : deletion;
      if (insertion < distance) distance = insertion;
      if (j > 1 && here === b.charCodeAt(j - 2) && before === there) {
        const swap = rows[beforePrevious + j - 2] + 1;
        if (swap < distance) distance = swap;
      }
      rows[current + j] = distance;
      if (distance < rowMinimum) rowMinimum = distance;
    }
    if (rowMinimum > limit) return Infinity;
    const reused = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = reused;
  }
  const distance = rows[previous + b.length];
  return distance <= limit ? distance : Infinity;
}
