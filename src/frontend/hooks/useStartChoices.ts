import { useState } from 'react';

/** What the admin chose for the start: skip rows with errors, start despite overlaps, send every row, columns left out. */
export function useStartChoices() {
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [allowOverlap, setAllowOverlap] = useState(false);
  const [sendAll, setSendAll] = useState(false);
  const [ignoredColumns, setIgnoredColumns] = useState<string[]>([]);
  /** Another file (or kind): the choices made for the last one no longer hold (sending every row stays chosen). */
  const clear = () => {
    setSkipInvalid(false);
    setAllowOverlap(false);
    setIgnoredColumns([]);
  };
  return {
    skipInvalid,
    setSkipInvalid,
    allowOverlap,
    setAllowOverlap,
    sendAll,
    setSendAll,
    ignoredColumns,
    setIgnoredColumns,
    clear,
  };
}
