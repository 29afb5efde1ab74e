/** "1 row", "2 rows": every count the CLI writes in words goes through here. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** The --state-dir given, named again in a command a message suggests (none given: the default, not named). */
export const stateDirFlag = (stateDir: string | undefined) =>
  stateDir === undefined ? '' : ` --state-dir ${stateDir}`;
