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
 * Edit distance counting an insertion, deletion, substitution or swap of two neighbouring characters as one edit
 * (optimal string alignment); Infinity as soon as it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let distance = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        distance = Math.min(distance, beforePrevious[j - 2] + 1);
      }
      current[j] = distance;
      if (distance < rowMinimum) rowMinimum = distance;
    }
    if (rowMinimum > limit) return Infinity;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length] <= limit ? previous[b.length] : Infinity;
}
