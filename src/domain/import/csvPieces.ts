import Papa from 'papaparse';
import type { TextPieces } from '../text/pieces';

/**
 * papaparse's own streamer for strings (`Papa.StringStreamer`, exported, untyped): it hands the parser one chunk after
 * another, joining each chunk to the row the last one cut off, and the step callback sees every row as with a whole
 * string. Here its chunks are the text's pieces, so the text is never joined (see text/pieces.ts).
 */
interface ChunkStreamer {
  _finished: boolean;
  _nextChunk: () => void;
  parseChunk(chunk: string): unknown;
}

type StreamerClass = new (config: Papa.ParseConfig<string[]>) => ChunkStreamer;

/**
 * Parses the pieces as Papa.parse parses their join, calling `config.step` for each row, and takes them: each piece
 * is emptied once handed to the parser (the step should keep no slice of it: see csvTable.ts ownCell).
 */
export function parsePieces(pieces: TextPieces, config: Papa.ParseConfig<string[]>): void {
  const Streamer = (Papa as unknown as { StringStreamer: StreamerClass }).StringStreamer;
  // As Papa.parse sets them before it makes its streamer (papaparse.js CsvToJson).
  const streamer = new Streamer({ ...config, dynamicTyping: false });
  let next = 0;
  let driving = false;
  let wanted = false;
  // papaparse asks for the next chunk from inside the last one's parse: answered in a loop, not by recursion, so that
  // thousands of pieces do not nest thousands of calls. A halted parse (parser.abort()) asks for none.
  streamer._nextChunk = () => {
    if (driving) {
      wanted = true;
      return;
    }
    driving = true;
    do {
      wanted = false;
      if (streamer._finished) break;
      const piece = pieces[next];
      pieces[next] = '';
      next += 1;
      streamer._finished = next >= pieces.length;
      streamer.parseChunk(piece);
    } while (wanted);
    driving = false;
  };
  streamer._nextChunk();
}
