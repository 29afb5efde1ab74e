import { z } from 'zod';
import { JobKindSchema, type ImportKind } from '../operations';
import type { RecordType } from '../records';
import { MAPPING_LIMITS, MappingSchema, type Mapping } from './mapping';

/** A mapping an admin saved by name on the page, for next month's export (and `bulk apply --map-name`). */
export interface SavedMapping {
  name: string;
  kind: ImportKind;
  mapping: Mapping;
  savedAt: number;
  savedBy: string;
}

export const SavedMappingNameSchema = z.string().trim().min(1).max(MAPPING_LIMITS.nameLength);

export const SAVED_MAPPING: RecordType<SavedMapping> = {
  name: 'saved mapping',
  version: 1,
  schema: z.object({
    name: SavedMappingNameSchema,
    kind: JobKindSchema,
    mapping: MappingSchema,
    savedAt: z.number(),
    savedBy: z.string(),
  }),
  migrate: (stored) => stored,
};

/** The names of the saved mappings, read by key (a storage query may not see a mapping saved a moment ago). */
export const SAVED_MAPPING_NAMES: RecordType<{ names: string[] }> = {
  name: 'list of saved mappings',
  version: 1,
  schema: z.object({ names: z.array(z.string()).max(MAPPING_LIMITS.saved) }),
  migrate: (stored) => stored,
};

/** Names are matched without regard to letter case or surrounding spaces: "HubSpot monthly" is "hubspot monthly ". */
export const mappingNameKey = (name: string) => name.trim().toLowerCase();
