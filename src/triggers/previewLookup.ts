import { forgeEngineDeps } from '../jobs/deps';
import { runLookup } from '../jobs/preview/lookup';
import type { LookupEvent } from '../queue/jobQueue';

/** Queue consumer `preview-lookup-consumer`: one slice of a preview's lookup of a whole file on the site. */
export async function previewLookup(event: { body: LookupEvent }) {
  await runLookup(forgeEngineDeps(), event.body.lookupId, event.body.slice);
}
