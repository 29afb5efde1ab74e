import { Harness, PROFILE_BULK, profiles } from './harness';

describe('scale', () => {
  it('handles 10,000 organizations and 100 requests of 100 upserts (half update, half create)', async () => {
    const h = await Harness.start({ maxActiveTasks: 1000, taskMs: 1000 });
    try {
      h.emulator.setState({
        ...h.emulator.state(),
        organizations: Array.from({ length: 10_000 }, (_, i) => ({
          id: String(i + 1),
          name: `Org ${i + 1}`,
          details: {},
          customerIds: [],
          productIds: [],
        })),
      });
      for (let batch = 0; batch < 100; batch++) {
        const items = Array.from({ length: 100 }, (_, i) => ({
          operationType: 'UPSERT',
          payload: { name: `org ${batch * 100 + i + 5001}`, details: [{ name: 'Region', values: ['EMEA'] }] },
        }));
        expect((await h.bulk(PROFILE_BULK, profiles(...items))).status).toBe(200);
      }
      h.advance(2000);
      let listed = 0;
      for (let start = 0; ; start += 50) {
        const page = (await h.get(`/rest/servicedeskapi/organization?start=${start}&limit=50`)).body;
        listed += page.size;
        if (page.isLastPage) break;
      }
      expect(listed).toBe(15_000);
      const state = h.emulator.state();
      expect(state.organizations.filter((o) => o.details.Region?.[0] === 'EMEA')).toHaveLength(10_000);
      // One task per request, each finished on the emulator's own clock (h.advance), each row counted once. Accidental
      // quadratic work shows as this test's time, which jest's timeout bounds; no wall-clock bound here.
      expect(state.tasks).toHaveLength(100);
      expect(state.tasks.filter((task) => task.status !== 'FINISHED')).toEqual([]);
      expect(state.organizations.filter((o) => o.name.startsWith('org '))).toHaveLength(5_000);
    } finally {
      await h.close();
    }
  });
});
