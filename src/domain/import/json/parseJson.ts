import type { ProblemLog } from '../problems';

const POSITION = /at position (\d+)/;
const LINE_AND_COLUMN = /line (\d+) column (\d+)/;
const ENGINE_LOCATION = /\s*(\(line \d+ column \d+\)|in JSON at position \d+.*|at line \d+ column \d+.*)$/;

/** JSON.parse with a file-level problem that says where the syntax breaks. */
export function parseJson(text: string, log: ProblemLog): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const where = locate(text, raw);
    const what = raw.replace(ENGINE_LOCATION, '').replace(/^JSON\.parse: /, '');
    log.fileError(
      'invalid-json',
      `The file is not valid JSON: ${what}${where}. Fix the JSON there (a missing comma, quote or bracket is the usual cause), or use a CSV file.`,
    );
    return { ok: false };
  }
}

function locate(text: string, message: string): string {
  const lineAndColumn = LINE_AND_COLUMN.exec(message);
  if (lineAndColumn) return ` (line ${lineAndColumn[1]}, column ${lineAndColumn[2]})`;
  const position = POSITION.exec(message);
  if (!position) return '';
  const offset = Number(position[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return ` (line ${line}, column ${offset - lineStart + 1})`;
}
