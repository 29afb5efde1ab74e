import { useEffect, useRef, useState } from 'react';
import { readImport, reportSameOrganizations, type ImportFormat } from '../../domain/import';
import type { LookupView } from '../../domain/lookup';
import type { Mapping } from '../../domain/mapping/mapping';
import type { ImportKind } from '../../domain/operations';
import type { DetailFieldDefinition } from '../../domain/schemas';
import type { ResolverAnswers } from '../../resolvers/contract';
import { isFileProblem } from '../previewModel';
import type { ShownError } from '../components/ResolverError';
import { newUploadId, sendFile, UploadFailure, type FileSource, type UploadProgress } from '../upload';
import { call } from './useResolver';

export type Preview = Omit<
  ResolverAnswers['previewImport'],
  'detailFields' | 'plan' | 'problemsOffset' | 'problemTotals'
> & {
  plan?: ResolverAnswers['previewImport']['plan'];
  /** False when the browser's own check found the file unusable and the server was not asked. */
  checkedOnServer: boolean;
};

export interface ImportDraft {
  kind: ImportKind;
  text: string;
  fileName?: string;
  /** The file's columns and values in the site's words, as accepted in the mapping step; none: read as it is. */
  mapping?: Mapping;
}

/** The mapping of a draft as a payload's or readImport's option: absent when there is none. */
const mappingOf = (draft: ImportDraft) => (draft.mapping ? { mapping: draft.mapping } : {});

type Busy = 'checking' | 'uploading' | 'previewing' | 'starting';

/** How often the page asks how far the background lookup of a whole file is. */
const LOOKUP_POLL_MS = 2000;

export function formatOf(fileName: string | undefined): ImportFormat | undefined {
  const extension = fileName?.toLowerCase().split('.').pop();
  return extension === 'json' ? 'json' : extension === 'csv' ? 'csv' : undefined;
}

/** The file last sent, reused while its text and name stay the same (the kind and the options do not change it). */
function useSentFile(setBusy: (busy: Busy) => void, setUpload: (upload: UploadProgress) => void) {
  const sent = useRef<{ text: string; fileName?: string; source: FileSource }>();
  const send = async (draft: ImportDraft): Promise<FileSource> => {
    const last = sent.current;
    if (last && last.text === draft.text && last.fileName === draft.fileName) return last.source;
    setBusy('uploading');
    const source = await sendFile(draft.text, {
      sendPart: (payload) => call('uploadPart', payload),
      newUploadId: () => newUploadId(),
      onProgress: setUpload,
    });
    sent.current = { text: draft.text, fileName: draft.fileName, source };
    return source;
  };
  /** The server no longer has it (a start consumed it, or a preview failed): the next check sends it again. */
  const forget = () => {
    sent.current = undefined;
  };
  return { send, forget };
}

/**
 * Runs one check or start at a time that counts. Every run and every reset bumps a generation: an answer that comes
 * back after the admin changed the file (or checked again) belongs to a file no longer shown, and is dropped, so the
 * page never shows one file's preview over another.
 */
function useLatestRun(shown: {
  setError: (error: ShownError | undefined) => void;
  setBusy: (busy: Busy | undefined) => void;
  setUpload: (upload: UploadProgress | undefined) => void;
}) {
  const generation = useRef(0);
  // Leaving the Import tab stops following: the lookup then stops on its own (nobody asks about it).
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );
  const run = async (action: string, work: (isCurrent: () => boolean) => Promise<void>) => {
    const mine = ++generation.current;
    const isCurrent = () => mine === generation.current;
    shown.setError(undefined);
    try {
      await work(isCurrent);
    } catch (failure) {
      const code = failure instanceof UploadFailure ? failure.code : 'INTERNAL';
      if (isCurrent()) shown.setError({ code, message: (failure as Error).message, action });
    } finally {
      if (isCurrent()) {
        shown.setBusy(undefined);
        shown.setUpload(undefined);
      }
    }
  };
  const invalidate = () => {
    generation.current += 1;
  };
  return { run, invalidate };
}

/** The browser's own check found the file unusable (no rows, or an error of the whole file): the server is not asked. */
function isUnusable(local: ReturnType<typeof readImport>): boolean {
  return local.operations.length === 0 || local.problems.some((p) => isFileProblem(p) && p.severity === 'error');
}

function browserOnlyPreview(local: ReturnType<typeof readImport>): Preview {
  return {
    ...local,
    operations: local.operations.length,
    rows: [],
    rowsClassified: 0,
    overlaps: [],
    sameOrganizations: [],
    checkedOnServer: false,
  };
}

/**
 * Follows the background lookup of the whole file until it ends, while this preview is the one shown (asking is
 * what keeps it going: a lookup nobody follows stops on its own).
 */
async function followLookup(first: LookupView, isCurrent: () => boolean, show: (lookup: LookupView) => void) {
  let lookup = first;
  while (lookup.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, LOOKUP_POLL_MS));
    if (!isCurrent()) return;
    const answer = await call('getLookup', { lookupId: lookup.id });
    if (!isCurrent()) return;
    // A failed question ends the following, saying so: the counts shown are those of the rows looked up so far.
    lookup = answer.ok ? answer.data : { ...lookup, status: 'STOPPED', reason: answer.message };
    show(lookup);
  }
}

/**
 * Check in the browser, then send the file (in parts when large) and preview it on the server;
 * the sent file is reused by the start, which consumes it.
 */
export function useImportPreview(onStarted: (jobId: string) => void) {
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<ShownError>();
  const [busy, setBusy] = useState<Busy>();
  const [upload, setUpload] = useState<UploadProgress>();
  const sentFile = useSentFile(setBusy, setUpload);
  const { run, invalidate } = useLatestRun({ setError, setBusy, setUpload });
  /** The background lookup of the preview shown, stopped when another preview replaces it. */
  const following = useRef<string>();

  /** `ignoreColumns`: the columns the admin chose to leave out ("Ignore this column"). */
  const check = (draft: ImportDraft, detailFields: DetailFieldDefinition[], ignoreColumns: string[] = []) =>
    run('The preview', async (isCurrent) => {
      setPreview(undefined);
      setBusy('checking');
      const format = formatOf(draft.fileName);
      const local = readImport(
        { text: draft.text, kind: draft.kind, format },
        { detailFields },
        { ignoreColumns, ...mappingOf(draft) },
      );
      if (isUnusable(local)) return setPreview(browserOnlyPreview(local));
      const source = await sentFile.send(draft);
      if (!isCurrent()) return;
      setBusy('previewing');
      const result = await call('previewImport', {
        kind: draft.kind,
        format,
        fileName: draft.fileName,
        ignoreColumns,
        ...mappingOf(draft),
        lookUpAll: true,
        ...(following.current ? { stopLookup: following.current } : {}),
        ...source,
      });
      following.current = result.ok ? result.data.lookup?.id : undefined;
      if (!isCurrent()) return;
      if (!result.ok) {
        sentFile.forget();
        return setError({ code: result.code, message: result.message, action: 'The preview' });
      }
      // The server answers the first problems only (an answer is at most 5 MB); the browser's own check, made with
      // the same code and the site's fields, has them all, once told which rows the site says repeat another row's
      // organization (the browser cannot look names up).
      const problems = reportSameOrganizations(local, result.data.sameOrganizations).problems;
      setPreview({ ...result.data, problems, checkedOnServer: true });
      // Not awaited: the page stays free (start, change the file) while the site is looked up for the whole file.
      const show = (lookup: LookupView) => setPreview((shown) => (shown ? { ...shown, lookup } : shown));
      if (result.data.lookup) void followLookup(result.data.lookup, isCurrent, show);
    });

  const start = (
    draft: ImportDraft,
    options: {
      skipInvalid: boolean;
      allowOverlap: boolean;
      sendAll: boolean;
      ignoreColumns: string[];
      /** A deletions file: the admin answered the danger question (startJob refuses it otherwise). */
      confirmDelete?: true;
    },
  ) =>
    run('Starting the job', async () => {
      const source = await sentFile.send(draft);
      setBusy('starting');
      // startJob consumes an uploaded file whatever its outcome, so a second start sends it again.
      sentFile.forget();
      const result = await call('startJob', {
        kind: draft.kind,
        format: formatOf(draft.fileName),
        fileName: draft.fileName,
        ...mappingOf(draft),
        ...options,
        ...source,
      });
      if (result.ok) onStarted(result.data.id);
      else setError({ code: result.code, message: result.message, action: 'Starting the job' });
    });

  const reset = () => {
    invalidate();
    setBusy(undefined);
    setUpload(undefined);
    setPreview(undefined);
    setError(undefined);
  };

  return { preview, error, busy, upload, check, start, reset };
}
