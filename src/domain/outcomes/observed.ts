import { z } from 'zod';

/** An organization as read back from CSM (or the emulator's state), to compare with what a row asked for. */
export const ObservedOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  details: z.record(z.string(), z.array(z.string())),
  /** Absent when the reader did not look at associations: they are then not checked. */
  customerIds: z.array(z.string()).optional(),
  productIds: z.array(z.string()).optional(),
});

export type ObservedOrganization = z.infer<typeof ObservedOrganizationSchema>;
