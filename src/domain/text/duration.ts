/** "About 40 s", "About 12 min", "About 2 h 10 min", "Less than a second". */
export function duration(ms: number): string {
  if (ms < 1000) return 'Less than a second';
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `About ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `About ${minutes} min`;
  // Past an hour and a half, to the 10 minutes: a person plans with "2 h 10 min", not "2 h 7 min".
  const tens = Math.round(minutes / 10) * 10;
  const [hours, rest] = [Math.floor(tens / 60), tens % 60];
  return rest === 0 ? `About ${hours} h` : `About ${hours} h ${rest} min`;
}
