import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { checkScopes } from '../../local/runtime/scopes';

const JSM = 'jira-service-management';
const MEMBERS = '/rest/servicedeskapi/organization/17/user';
const declared = Object.keys(
  (parse(readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as { permissions: { scopes: object } })
    .permissions.scopes,
);

/** Issue 23: the member calls and the user search each need their scope, and the manifest declares them. */
describe('memberships scopes', () => {
  it('refuses the member calls and the user search without their scopes', () => {
    const read = checkScopes('GET', `${MEMBERS}?start=0&limit=50`, [`read:organization:${JSM}`, 'read:user:jira']);
    expect(read.endpoint).toBe(`GET ${MEMBERS}`);
    expect(read.granted).toBeUndefined();
    expect(checkScopes('POST', MEMBERS, [`write:organization:${JSM}`]).missing).toEqual([
      `write:organization.user:${JSM}`,
    ]);
    expect(checkScopes('DELETE', MEMBERS, [`write:organization.user:${JSM}`]).missing).toEqual([
      `delete:organization.user:${JSM}`,
    ]);
    expect(checkScopes('GET', '/rest/api/3/user/search?query=a%40b.com', ['read:jira-work']).missing).toEqual([
      'read:user:jira',
    ]);
  });

  it('the manifest declares each of them', () => {
    for (const [method, url] of [
      ['GET', MEMBERS],
      ['POST', MEMBERS],
      ['DELETE', MEMBERS],
      ['GET', '/rest/api/3/user/search'],
    ])
      expect(checkScopes(method, url, declared).granted).toBeDefined();
  });
});
