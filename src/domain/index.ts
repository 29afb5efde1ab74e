export * from './schemas';
export * from './limits';
export * from './operations';
export { closestName, editDistance } from './suggest';
export * from './import';
export * from './plan';
export * from './outcomes';
export { writeNativeCsv, rowsToCsv, csvCell, type CsvCell } from './export/csvWriter';
