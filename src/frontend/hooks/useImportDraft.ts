import { useMemo, useState } from 'react';
import type { ImportKind } from '../../domain/operations';
import type { ImportDraft } from './useImportPreview';

/** The file to import: its kind, and a chosen file or the rows pasted (or typed) in. */
export function useImportDraft() {
  const [kind, setKind] = useState<ImportKind>('profiles');
  const [file, setFile] = useState<{ name: string; text: string }>();
  const [pasted, setPasted] = useState('');
  const draft = useMemo<ImportDraft>(
    () => ({ kind, text: file?.text ?? pasted, fileName: file?.name }),
    [kind, file, pasted],
  );
  return { kind, setKind, file, setFile, pasted, setPasted, draft };
}

export type ImportSourceState = ReturnType<typeof useImportDraft>;
