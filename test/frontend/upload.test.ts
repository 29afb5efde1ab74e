import { fileText } from '../../src/frontend/fileText';
import { describeProblem, previewLines } from '../../src/frontend/previewModel';
import { newUploadId, sendFile, UploadFailure } from '../../src/frontend/upload';

describe('sending a file', () => {
  it('sends a small text inline and a large one part by part, reporting progress', async () => {
    const sent: Array<{ part: number; text: string }> = [];
    const progress: string[] = [];
    const deps = {
      sendPart: async (payload: { uploadId: string; part: number; text: string }) => {
        sent.push(payload);
        return { ok: true as const, data: {} };
      },
      newUploadId: () => 'upload-1',
      onProgress: (p: { partsSent: number; parts: number }) => progress.push(`${p.partsSent}/${p.parts}`),
    };
    expect(await sendFile('abcdef', deps, 8)).toEqual({ text: 'abcdef' });
    expect(sent).toHaveLength(0);
    expect(await sendFile('abcdefghijklm', deps, 8)).toEqual({ uploadId: 'upload-1' });
    expect(sent.map((s) => s.text)).toEqual(['abcdef', 'ghijkl', 'm']);
    expect(progress).toEqual(['0/3', '1/3', '2/3', '3/3']);
  });

  it('stops at a refused part and says which one', async () => {
    const refusing = {
      sendPart: async () => ({ ok: false as const, code: 'CSM_UNAVAILABLE' as const, message: 'busy' }),
      newUploadId: () => 'upload-2',
    };
    await expect(sendFile('abcdefghijklm', refusing, 8)).rejects.toEqual(
      new UploadFailure('CSM_UNAVAILABLE', 'Part 1 of 3 of the file could not be sent: busy'),
    );
  });

  it('makes upload ids the contract accepts', () => {
    expect(
      newUploadId(
        () => 0.5,
        () => 1_700_000_000_000,
      ),
    ).toMatch(/^[a-zA-Z0-9-]{6,40}$/);
  });
});

describe('reading a picked file', () => {
  it('reads base64, data URLs and plain text, dropping a byte-order mark', () => {
    const csv = 'Organization Name,Region\nZürich AG,EMEA';
    expect(fileText(Buffer.from('\uFEFF' + csv).toString('base64'))).toBe(csv);
    expect(fileText(`data:text/csv;base64,${Buffer.from(csv).toString('base64')}`)).toBe(csv);
    expect(fileText(csv)).toBe(csv);
  });
});

describe('preview lines', () => {
  it('marks a row with an error as an error even when the server guessed a change, and keeps unlooked-up rows apart', () => {
    const lines = previewLines(
      [{ row: 2, index: 0, organization: 'Alpha', change: 'create' }],
      [
        { row: 2, column: 'Region', severity: 'error', code: 'bad-value', message: 'Row 2: bad' },
        { row: 900, severity: 'warning', code: 'w', message: 'Row 900: odd' },
        { row: 1, column: 'X', severity: 'error', code: 'unknown-column', message: 'Row 1: no field X' },
      ],
    );
    expect(lines).toEqual([
      { row: 2, organization: 'Alpha', change: 'file-error', changes: [], notes: ['Row 2: bad'] },
      { row: 900, organization: '', change: 'not-checked', changes: [], notes: ['Warning: Row 900: odd'] },
    ]);
    expect(describeProblem({ row: null, severity: 'error', code: 'x', message: 'whole file' })).toBe('whole file');
  });
});
