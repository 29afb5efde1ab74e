/**
 * `read` applied to every item, at most `atOnce` reads on their way at a time (a resolver's reads overlap, so it
 * ends within Forge's 25 s, while no more than a few reach CSM together); the answers in the items' order. The first
 * failure is thrown at once and no read starts after it (those on their way end on their own).
 */
export async function mapAtMost<T, R>(
  items: readonly T[],
  atOnce: number,
  read: (item: T) => Promise<R>,
): Promise<R[]> {
  const answers: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const reader = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const position = next;
      next += 1;
      try {
        answers[position] = await read(items[position]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, reader));
  return answers;
}
