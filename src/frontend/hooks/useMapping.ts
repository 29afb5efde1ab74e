import { useCallback, useEffect, useMemo, useState } from 'react';
import { detectFormat } from '../../domain/import';
import { checkMapping, mappingTargets, type Mapping } from '../../domain/mapping/mapping';
import { proposeMapping, sampleCsv, type FileSample, type MappingProposal } from '../../domain/mapping/propose';
import { SavedMappingNameSchema } from '../../domain/mapping/saved';
import type { ImportKind } from '../../domain/operations';
import type { DetailFieldDefinition } from '../../domain/schemas';
import type { ShownError } from '../components/ResolverError';
import {
  columnRows,
  mappingForUse,
  narrowedTo,
  needsMapping,
  valueTables,
  withOption,
  withTarget,
  type ColumnRow,
} from '../mappingRows';
import { formatOf, type ImportDraft } from './useImportPreview';
import type { ResolverAnswers } from '../../resolvers/contract';
import { call, type Loaded } from './useResolver';

/** What the proposal reads of the draft: a CSV file's headers, samples and distinct values; nothing for JSON. */
function sampleOf(text: string, fileName: string | undefined): FileSample | undefined {
  if (text.trim() === '' || (formatOf(fileName) ?? detectFormat(text)) !== 'csv') return undefined;
  const sample = sampleCsv(text);
  return sample && sample.headers.length > 0 ? sample : undefined;
}

type SavedList = ResolverAnswers['listMappings'];

/** The same list as before (names and save times): kept as it was, so that the proposal made from it stands. */
const sameList = (a: SavedList, b: SavedList) =>
  a.mappings.length === b.mappings.length &&
  a.mappings.every((entry, at) => entry.name === b.mappings[at].name && entry.savedAt === b.mappings[at].savedAt);

/** The saved mappings of the file's kind, read for each new file, and the one the admin chose by name for this file. */
function useSavedMappings(kind: ImportKind, sample: FileSample | undefined) {
  const [loaded, setLoaded] = useState<Loaded<SavedList>>({ state: 'loading' });
  const reload = useCallback(async () => {
    const result = await call('listMappings');
    if (!result.ok) return setLoaded({ state: 'error', code: result.code, message: result.message });
    setLoaded((shown) =>
      shown.state === 'ready' && sameList(shown.data, result.data) ? shown : { state: 'ready', data: result.data },
    );
  }, []);
  // Read again for each file: a mapping saved since the page opened (by another admin, or the CLI) is proposed too.
  useEffect(() => {
    if (sample) void reload();
  }, [sample, reload]);
  const [chosen, setChosen] = useState<{ sample: FileSample; name: string }>();
  const saved = useMemo(
    () =>
      loaded.state === 'ready'
        ? loaded.data.mappings
            .filter((entry) => entry.kind === kind)
            .map((entry) => ({ ...entry.mapping, name: entry.name }))
        : [],
    [loaded, kind],
  );
  const choice = chosen?.sample === sample ? saved.find((mapping) => mapping.name === chosen?.name) : undefined;
  const choose = (name: string) => sample && setChosen({ sample, name });
  return { loaded, reload, saved, choice, choose };
}

/**
 * The mapping step of a file (issue 25): the proposal for its columns (domain proposeMapping, with the site's fields
 * and the saved mappings), the admin's changes to it, and the mapping the preview and the start use once accepted.
 * Changing the file, its kind or the site's fields starts again from a new proposal.
 */
export function useMapping(draft: ImportDraft, fields: DetailFieldDefinition[] | undefined) {
  const { kind } = draft;
  const sample = useMemo(() => sampleOf(draft.text, draft.fileName), [draft.text, draft.fileName]);
  const savedMappings = useSavedMappings(kind, sample);
  const { saved, choice } = savedMappings;
  const proposal = useMemo(() => {
    if (!sample || !fields) return undefined;
    const narrowed = choice ? narrowedTo(choice, sample.headers) : undefined;
    return proposeMapping(sample, kind, fields, narrowed ? [narrowed] : saved);
  }, [sample, kind, fields, saved, choice]);
  const [edited, setEdited] = useState<{ proposal: MappingProposal; mapping: Mapping }>();
  const mapping = edited && edited.proposal === proposal ? edited.mapping : proposal?.mapping;
  /** 'preview': the admin went on to the preview (with the mapping or without); 'mapping': the step is shown. */
  const [stage, setStage] = useState<'mapping' | 'preview'>('mapping');
  const [applied, setApplied] = useState<Mapping>();

  const rows = proposal && mapping ? columnRows(proposal, mapping) : [];
  const forUse = mapping ? mappingForUse(mapping, rows) : undefined;
  const edit = (change: (current: Mapping) => Mapping) => {
    if (proposal && mapping) setEdited({ proposal, mapping: change(mapping) });
  };
  return {
    needed: proposal !== undefined && needsMapping(proposal),
    proposal,
    rows,
    values: sample && mapping && fields ? valueTables(sample, rows, mapping, fields) : [],
    targets: fields ? mappingTargets(kind, fields) : [],
    problems: forUse && fields && sample ? checkMapping(forUse, kind, fields, sample.headers) : [],
    forUse,
    /** The mapping the preview shown and the start use; undefined: the file is read as it is. */
    applied,
    showStep: stage === 'mapping' && proposal !== undefined && needsMapping(proposal),
    saved: savedMappings,
    /** A saved mapping was chosen that names none of this file's columns. */
    choiceUnused: choice !== undefined && proposal !== undefined && proposal.saved !== choice.name,
    setTarget: (row: ColumnRow, target: string | null) =>
      edit((current) => (sample && fields ? withTarget(current, { ...row, target }, sample, fields) : current)),
    setOption: (target: string, value: string, option: string | undefined) =>
      edit((current) => withOption(current, target, value, option)),
    /** The detail field rows are matched by first (an external id), or none: by name. */
    setKey: (key: string | undefined) =>
      edit(({ key: _old, ...current }) => (key === undefined ? current : { ...current, key })),
    /** On to the preview, with this mapping (accepted) or none (the file as it is). */
    toPreview: (use: Mapping | undefined) => {
      setApplied(use);
      setStage('preview');
    },
    /** Back to the step (from the preview), or a new file: no mapping is in use until one is accepted. */
    toStep: () => {
      setApplied(undefined);
      setStage('mapping');
    },
  };
}

export type MappingState = ReturnType<typeof useMapping>;

/** "Save mapping as …": the name typed, the answer of saveMapping in words, and the list read again once saved. */
export function useSaveMapping(kind: ImportKind, mapping: Mapping | undefined, onSaved: () => Promise<void>) {
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ saved: string } | { error: ShownError }>();
  const valid = SavedMappingNameSchema.safeParse(name).success;
  const save = async () => {
    if (!mapping || !valid) return;
    setSaving(true);
    setOutcome(undefined);
    const result = await call('saveMapping', { name: name.trim(), kind, mapping });
    if (!result.ok) {
      setSaving(false);
      const error = { code: result.code, message: result.message, action: 'Saving the mapping' };
      return setOutcome({ error: { ...error, title: `The mapping "${name.trim()}" was not saved` } });
    }
    // Said once the list is read again: the file's proposal is then the saved mapping.
    await onSaved();
    setSaving(false);
    setOutcome({ saved: result.data.saved.name });
  };
  return { name, setName, valid, saving, outcome, save };
}
