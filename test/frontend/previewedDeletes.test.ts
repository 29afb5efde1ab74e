import type { RowChange } from '../../src/domain/preview';
import { deleteOrganizationsQuestion, previewedDeletes } from '../../src/frontend/jobQuestions';

const rows = (...changes: RowChange[]) =>
  changes.map((change, index) => ({ row: index + 2, index, organization: `Org ${index}`, change }));

/** The count a delete asks about is the preview's, not the file's rows (the lesson: no count kept on the side). */
describe('how many organizations a deletions file deletes, as its preview found', () => {
  it('counts only the rows the preview found to delete, not those already gone or refused', () => {
    const preview = { rows: rows('delete', 'error', 'delete', 'error'), rowsClassified: 4, operations: 4 };
    expect(previewedDeletes(preview)).toEqual({ organizations: 2, atMost: false });
    expect(deleteOrganizationsQuestion(previewedDeletes(preview), () => undefined)).toMatchObject({
      title: 'Delete 2 organizations?',
      confirm: 'Delete 2 organizations',
    });
  });

  it('says "up to" while rows of the file were not looked up', () => {
    const preview = { rows: rows('delete', 'error'), rowsClassified: 2, operations: 300 };
    expect(previewedDeletes(preview)).toEqual({ organizations: 299, atMost: true });
    expect(deleteOrganizationsQuestion(previewedDeletes(preview), () => undefined).title).toBe(
      'Delete up to 299 organizations?',
    );
  });
});
