import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forgeSourceFetcher, SourceUnavailableError } from '../../src/sources/fetchSource';

describe('reading a URL source', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/orgs.csv')
        response.writeHead(200, { 'Content-Type': 'text/csv' }).end('Organization Name\nAcme\n');
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  it('returns the body of a successful answer', async () => {
    await expect(forgeSourceFetcher(`${base}/orgs.csv`)).resolves.toBe('Organization Name\nAcme\n');
  });

  it('says which address answered what when the export is missing', async () => {
    const failure = forgeSourceFetcher(`${base}/gone.csv`);
    await expect(failure).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(failure).rejects.toThrow(/gone\.csv answered 404/);
  });
});
