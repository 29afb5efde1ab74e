import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { FIXTURE_APP } from './echoServer';

/** The runtime against the real CSM emulator: the identity headers are the contract between the two. */
describe('the local runtime in front of the CSM emulator', () => {
  let emulator: CsmEmulator;
  let runtime: LocalRuntime;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, taskMs: 20, impersonation: false });
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: emulator.url });
  });
  afterEach(async () => {
    await runtime.close();
    await emulator.close();
  });

  it("answers the present user's permission check", async () => {
    const answer = await runtime.invokeResolver<{
      status: number;
      body: { permissions: { ADMINISTER: { havePermission: boolean } } };
    }>('callProduct', { as: 'user', endpoint: 'mypermissions' });
    expect(answer.status).toBe(200);
    expect(answer.body.permissions.ADMINISTER.havePermission).toBe(true);
  });

  it('passes the emulator its refusal of impersonation on a site that does not allow it', async () => {
    const answer = await runtime.invokeResolver<{ status: number }>('callProduct', {
      as: 'impersonated',
      endpoint: 'mypermissions',
      accountId: 'owner-1',
    });
    expect(answer.status).toBe(401);
  });
});
