import { explainCsmError, mapTaskResult } from '../../../src/domain/outcomes';
import type { RowOperation } from '../../../src/domain/operations';
import { planChunks } from '../../../src/domain/plan';
import { TaskStatusSchema, type TaskStatus } from '../../../src/domain/schemas';
import { detailOp, organizationOp, profileOp } from '../fixtures';

const task = (status: TaskStatus['status'], failures: unknown[] = []): TaskStatus =>
  TaskStatusSchema.parse({ id: 't-1', status, failures });

const profiles: RowOperation[] = [
  profileOp(0, 'Acme'),
  profileOp(1, 'Globex', { id: '42' }),
  profileOp(2, 'Initech'),
  profileOp(3, 'Umbrella'),
];
const [profileChunk] = planChunks('job-1', profiles);

describe('mapTaskResult', () => {
  it('FINISHED without failures: every operation succeeded', () => {
    expect(mapTaskResult(profileChunk, profiles, task('FINISHED'))).toEqual({
      succeeded: [0, 1, 2, 3],
      failed: [],
      needsReadBack: [],
    });
  });

  it('FINISHED with failures: the named operations failed (by id or by name in any case), the rest succeeded', () => {
    const outcome = mapTaskResult(
      profileChunk,
      new Map(profiles.map((op) => [op.index, op])),
      task('FINISHED', [
        { entityId: '42', error: 'Permission denied for detail field Region' },
        { operatedOn: 'INITECH', error: 'Something odd happened' },
        { operatedOnIds: ['acme'], error: 'Something odd happened' },
      ]),
    );
    expect(outcome.succeeded).toEqual([3]);
    expect(outcome.needsReadBack).toEqual([]);
    // Each failure keeps CSM's own words beside the explanation: the engine tells passing refusals apart by them.
    expect(outcome.failed).toEqual([
      { index: 0, error: 'Something odd happened', reported: ['Something odd happened'] },
      {
        index: 1,
        error: expect.stringMatching(
          /^The user running the job may not make this change\..*\(CSM said: "Permission denied for detail field Region"\)$/,
        ),
        reported: ['Permission denied for detail field Region'],
      },
      { index: 2, error: 'Something odd happened', reported: ['Something odd happened'] },
    ]);
    expect(outcome.unplaced).toBeUndefined();
  });

  it('a failure that matches no operation leaves the unmatched operations to a read-back', () => {
    const outcome = mapTaskResult(
      profileChunk,
      profiles,
      task('FINISHED', [
        { entityId: '999', error: 'x' },
        { operatedOn: 'Acme', error: 'Name already exists' },
      ]),
    );
    expect(outcome.failed.map((failure) => failure.index)).toEqual([0]);
    expect(outcome.succeeded).toEqual([]);
    expect(outcome.needsReadBack).toEqual([1, 2, 3]);
    // What the unmatched failure said stays known: it may be why a row reads back unchanged.
    expect(outcome.unplaced).toEqual(['x']);
  });

  it('FAILED with no failures: nothing is decided, everything needs a read-back', () => {
    expect(mapTaskResult(profileChunk, profiles, task('FAILED'))).toEqual({
      succeeded: [],
      failed: [],
      needsReadBack: [0, 1, 2, 3],
    });
  });

  it('FAILED with failures: the named ones failed, the others need a read-back', () => {
    const outcome = mapTaskResult(profileChunk, profiles, task('FAILED', [{ operatedOn: 'Umbrella', error: '' }]));
    expect(outcome).toEqual({
      succeeded: [],
      failed: [{ index: 3, error: expect.stringMatching(/without saying why/), reported: [''] }],
      needsReadBack: [0, 1, 2],
    });
  });

  it('maps organization failures by name', () => {
    const ops = [organizationOp(0, 'Acme'), organizationOp(1, 'Globex', 'UPDATE', '7')];
    const [chunk] = planChunks('job-2', ops);
    expect(
      mapTaskResult(chunk, ops, task('FINISHED', [{ operatedOn: 'acme', error: 'Organization name already exists' }])),
    ).toEqual({
      succeeded: [1],
      failed: [
        {
          index: 0,
          error: expect.stringMatching(/^An organization with this name already exists/),
          reported: ['Organization name already exists'],
        },
      ],
      needsReadBack: [],
    });
  });

  it('maps detail failures to the operation on the named field when an organization has several', () => {
    const ops = [
      detailOp(0, '17', 'Region', 'UPDATE', ['EMEA']),
      detailOp(1, '17', 'Tier', 'PATCH', ['Gold']),
      detailOp(2, '18', 'Region', 'UPDATE', ['APAC']),
      detailOp(3, '18', 'Tier', 'PATCH', ['Gold']),
      detailOp(4, '19', 'Notes', 'UPDATE', ['x']),
    ];
    const [chunk] = planChunks('job-3', ops);
    const outcome = mapTaskResult(
      chunk,
      ops,
      task('FINISHED', [
        { entityId: '17', operatedOn: 'Tier', error: 'Invalid option' },
        { entityId: '18', error: "Value 'Asia' is not valid for field Region" },
        { entityId: '19', error: 'Organization not found' },
      ]),
    );
    expect(outcome.failed.map((failure) => failure.index)).toEqual([1, 2, 4]);
    expect(outcome.succeeded).toEqual([0, 3]);
    expect(outcome.failed[2].error).toMatch(/^The organization was not found/);
  });

  it('a detail failure naming an organization but none of its fields leaves that organization to a read-back', () => {
    const ops = [
      detailOp(0, '17', 'Region', 'UPDATE', ['EMEA']),
      detailOp(1, '17', 'Tier', 'PATCH', ['Gold']),
      detailOp(2, '18', 'Region', 'UPDATE', ['APAC']),
    ];
    const [chunk] = planChunks('job-4', ops);
    expect(mapTaskResult(chunk, ops, task('FINISHED', [{ entityId: '17', error: 'Internal error' }]))).toEqual({
      succeeded: [2],
      failed: [],
      needsReadBack: [0, 1],
      unplaced: ['Internal error'],
    });
  });

  it('a row named by several failures keeps every text CSM gave, once explained and each as said', () => {
    const outcome = mapTaskResult(
      profileChunk,
      profiles,
      task('FINISHED', [
        { operatedOn: 'Acme', error: 'Request timed out' },
        { operatedOn: 'Acme', error: 'Request timed out' },
        { operatedOn: 'Acme', error: 'Invalid option for Region' },
      ]),
    );
    expect(outcome.failed).toEqual([
      {
        index: 0,
        error: expect.stringMatching(/^Request timed out A value is not one of the field's options/),
        reported: ['Request timed out', 'Request timed out', 'Invalid option for Region'],
      },
    ]);
  });

  it('refuses to map a task that has not ended, or a chunk whose operations are missing', () => {
    expect(() => mapTaskResult(profileChunk, profiles, task('IN_PROGRESS'))).toThrow(/IN_PROGRESS/);
    expect(() => mapTaskResult(profileChunk, profiles.slice(0, 2), task('FINISHED'))).toThrow(
      /not among the operations/,
    );
  });
});

describe('explainCsmError', () => {
  it('explains known patterns and keeps the raw text', () => {
    expect(explainCsmError('Maximum number of tasks reached')).toMatch(
      /^CSM is already running its maximum number of bulk tasks/,
    );
    expect(explainCsmError('Detail field "Foo" does not exist')).toMatch(
      /^The detail field does not exist on this site.*\(CSM said: "Detail field "Foo" does not exist"\)$/,
    );
    expect(explainCsmError('Value exceeds maximum length')).toMatch(/^A value is longer than CSM allows/);
  });

  it('keeps unknown texts as they are', () => {
    expect(explainCsmError('  Flux capacitor overheated ')).toBe('Flux capacitor overheated');
  });
});
