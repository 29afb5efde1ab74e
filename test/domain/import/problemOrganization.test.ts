import { readImport } from '../../../src/domain/import';
import { csv, SITE } from '../fixtures';

/** A row with an error keeps its organization, so the preview table can say which organization must be fixed. */
describe('problems name the organization of their row', () => {
  const organizationsOf = (result: ReturnType<typeof readImport>) =>
    result.problems.map((problem) => [problem.row, problem.organization]);

  it('profiles: by name, else by id; nothing when the row names neither', () => {
    const result = readImport(
      {
        text: csv(
          'Organization Name,Organization ID,Operation,Region',
          'Delta,,CREATE,Europe',
          ',42,UPDATE,Mars',
          ',,UPSERT,EMEA',
        ),
      },
      SITE,
    );
    expect(organizationsOf(result)).toEqual([
      [2, 'Delta'],
      [3, 'Organization 42'],
      [4, undefined],
    ]);
  });

  it('organizations and details, CSV and JSON', () => {
    const organizations = readImport(
      { kind: 'organizations', text: csv('Organization Name,Operation', 'Acme,DELETE') },
      SITE,
    );
    expect(organizationsOf(organizations)).toEqual([[2, 'Acme']]);

    const details = readImport(
      { kind: 'details', text: csv('Organization ID,Field,Operation,Values', '17,Region,UPDATE,Mars') },
      SITE,
    );
    expect(organizationsOf(details)).toEqual([[2, 'Organization 17']]);

    const json = readImport(
      {
        kind: 'profiles',
        format: 'json',
        text: JSON.stringify({
          organizationProfiles: [
            { operationType: 'CREATE', payload: { name: 'Initech', details: [{ name: 'Nope', values: ['x'] }] } },
          ],
        }),
      },
      SITE,
    );
    expect(organizationsOf(json)).toEqual([[1, 'Initech']]);
  });

  it('an item refused for its shape still names its organization', () => {
    const json = readImport(
      {
        kind: 'profiles',
        format: 'json',
        text: JSON.stringify([
          { operationType: 'UPSERTT', payload: { name: 'Umbrella' } },
          { operationType: 'UPDATE', payload: { id: 42, name: 7 } },
        ]),
      },
      SITE,
    );
    expect(new Set(json.problems.map((problem) => `${problem.row} ${problem.organization}`))).toEqual(
      new Set(['1 Umbrella', '2 Organization 42']),
    );
  });
});
