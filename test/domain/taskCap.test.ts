import { MAX_TASK_CAP } from '../../src/domain/limits';
import { refusedTasks, REFUSED_LEVEL_KEPT_MS, tookTasks, UNLEARNT_CAP } from '../../src/domain/taskCap';

describe("the site's task cap, learnt from CSM's answers", () => {
  it('rises by one each time CSM takes a send that fills the cap, never past 10', () => {
    let learned = UNLEARNT_CAP;
    expect(tookTasks(learned, 4, 0)).toBe(learned);
    for (let level = 5; level <= 12; level += 1) learned = tookTasks(learned, learned.cap, level);
    expect(learned.cap).toBe(MAX_TASK_CAP);
    expect(tookTasks(learned, 10, 20)).toBe(learned);
  });

  it('steps back below the level CSM refused, and does not try that level again for a while', () => {
    const refused = refusedTasks({ cap: 6 }, 6, 1_000);
    expect(refused).toEqual({ cap: 5, refused: { level: 6, until: 1_000 + REFUSED_LEVEL_KEPT_MS }, at: 1_000 });
    expect(tookTasks(refused, 5, 2_000)).toBe(refused);
    const later = tookTasks(refused, 5, 1_000 + REFUSED_LEVEL_KEPT_MS);
    expect(later).toEqual({ cap: 6, at: 1_000 + REFUSED_LEVEL_KEPT_MS });
  });

  it('steps back further when other tools hold slots, keeping the lowest refused level, never below 1', () => {
    const first = refusedTasks({ cap: 8 }, 6, 0);
    expect(first).toMatchObject({ cap: 5, refused: { level: 6 } });
    expect(refusedTasks(first, 7, 10)).toMatchObject({ cap: 5, refused: { level: 6 } });
    expect(refusedTasks(first, 3, 10)).toMatchObject({ cap: 2, refused: { level: 3 } });
    expect(refusedTasks({ cap: 1 }, 1, 0)).toMatchObject({ cap: 1, refused: { level: 2 } });
  });
});
