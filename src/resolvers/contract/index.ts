/**
 * The typed contract between the admin page and the resolvers, the one piece of the backend the page imports:
 * each resolver's payload schema (checked on the server), its answer type, and the result every resolver returns.
 */
export * from './requests';
export type * from './answers';
