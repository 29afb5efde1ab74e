import { randomUUID } from 'node:crypto';
import { startEmulator, type CsmEmulator, type EmulatorOptions } from '../../local/emulator';

export const CSM = '/jsm/csm/api/v1';
export const PROFILE_BULK = `${CSM}/organization/profile/bulk`;
export const ORGANIZATION_BULK = `${CSM}/organization/bulk`;
export const DETAILS_BULK = `${CSM}/organization/details/bulk`;

export const CUSTOMER_A = 'qm:9edf598a-85d4-4db9-bf2e-7245922b4ea8:0000e9d8-a22e-4220-ac63-412ff9eec053';
export const CUSTOMER_B = 'qm:10c2e972-eef6-4e0e-aa81-9a9e7a4ba9a7:3468699a-b2f0-4ae9-ab2d-155a5f5a8db4';
export const PRODUCT = '3858a61a-d337-42e6-993e-e13e1c366d4f';

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** An emulator on a free port with a hand-driven clock, plus small HTTP helpers. */
export class Harness {
  clock = Date.parse('2026-01-15T10:00:00.000Z');
  emulator!: CsmEmulator;
  private keyCount = 0;
  private readonly keyPrefix = randomUUID().slice(0, 8);

  static async start(options: EmulatorOptions = {}): Promise<Harness> {
    const harness = new Harness();
    harness.emulator = await startEmulator({ taskMs: 1000, jitter: 0, now: () => harness.clock, ...options });
    return harness;
  }

  advance(ms: number): void {
    this.clock += ms;
  }

  close(): Promise<void> {
    return this.emulator.close();
  }

  newKey(): string {
    return `key-${this.keyPrefix}-${++this.keyCount}`;
  }

  /** A request as the app sends it: CSM paths carry the experimental opt-in (see `bare` for one without). */
  call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const optIn: Record<string, string> = path.startsWith('/jsm/csm/') ? { 'X-ExperimentalApi': 'opt-in' } : {};
    return this.bare(method, path, body, { ...optIn, ...headers });
  }

  /** A request with only the headers given (and Accept, Content-Type). */
  async bare(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const init: RequestInit = { method, headers: { Accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const response = await fetch(this.emulator.url + path, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return this.call('GET', path, undefined, headers);
  }

  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer> {
    return this.call('POST', path, body, headers);
  }

  /** A bulk submit with both required headers; pass `key` to reuse one. */
  bulk(path: string, body: unknown, key = this.newKey(), headers: Record<string, string> = {}): Promise<Answer> {
    return this.post(path, body, { 'X-ExperimentalApi': 'opt-in', 'Idempotency-Key': key, ...headers });
  }

  /** Submits, lets the task run to its end on the fake clock, and returns its final status. */
  async run(path: string, body: unknown): Promise<any> {
    const submit = await this.bulk(path, body);
    if (submit.status !== 200) throw new Error(`submit answered ${submit.status}: ${JSON.stringify(submit.body)}`);
    this.advance(60_000);
    return (await this.task(submit.body.id)).body;
  }

  task(id: string): Promise<Answer> {
    return this.get(`${CSM}/tasks/${id}`);
  }

  async createOrganizations(...names: string[]): Promise<void> {
    const result = await this.run(ORGANIZATION_BULK, {
      organizations: names.map((name) => ({ operationType: 'CREATE', payload: { name } })),
    });
    if (result.status !== 'FINISHED' || result.failures.length)
      throw new Error(`could not create ${names.join(', ')}: ${JSON.stringify(result)}`);
  }

  organization(name: string) {
    return this.emulator.state().organizations.find((o) => o.name === name);
  }
}

export function profiles(...items: unknown[]) {
  return { organizationProfiles: items };
}

export function details(id: string, ...operations: unknown[]) {
  return { organizations: [{ id, operations }] };
}
