import { useMemo, useState } from 'react';
import { fieldNameKey } from '../../domain/fields/newFields';
import { proposeFields } from '../../domain/fields/proposeFields';
import type { DetailFieldDefinition } from '../../domain/schemas';
import { formatOf, type ImportDraft } from './useImportPreview';
import type { Loaded } from './useResolver';

/**
 * "Create field" for a column of the file: the column chosen, the field its values suggest (inferred in the browser
 * from the file as it is, by the same domain code the proposeFields resolver runs), and the field just created.
 */
export function useNewField(fields: Loaded<DetailFieldDefinition[]>, draft: ImportDraft) {
  /** The column whose field the admin is creating ("Create field"). */
  const [column, setColumn] = useState<string>();
  /** The field just created, said until the file changes. */
  const [created, setCreated] = useState<string>();
  const proposal = useMemo(() => {
    if (column === undefined || fields.state !== 'ready') return undefined;
    const { proposals } = proposeFields(
      { text: draft.text, kind: draft.kind, format: formatOf(draft.fileName) },
      { detailFields: fields.data },
    );
    return proposals.find((proposal) => fieldNameKey(proposal.name) === fieldNameKey(column));
  }, [column, fields, draft]);
  return { proposal, setColumn, created, setCreated };
}
