/**
 * The resolver contract's answer types: what each resolver answers, as the page reads it. The page imports these
 * with `import type` only (the layers rule checks it) and so never loads the handlers; they live here rather than in
 * contract.ts because the handlers import contract.ts, and contract.ts importing them back would be a cycle.
 */
export type { HandlerResults } from './handlers';
export type { JobView } from '../jobs/views';
