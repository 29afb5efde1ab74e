/**
 * The typed contract between the admin page and the resolvers, the one piece of the backend the page imports:
 * each resolver's payload schema (checked on the server), its answer type, and the result every resolver returns.
 */
export * from './requests';
export type * from './answers';
export * from './finderScan';

import type { ResolverAnswers } from './answers';
import type { ResolverName } from './requests';

/** Every resolver has an answer type, and every answer type a resolver (tsc fails on one without the other). */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const EVERY_RESOLVER_ANSWERED: Exactly<keyof ResolverAnswers, ResolverName> = true;
