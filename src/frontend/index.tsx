import ForgeReconciler, { Heading, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import React from 'react';
import { useResolver } from './useResolver';

/**
 * The admin page. This first version shows the site's detail fields and recent jobs; the
 * import, preview and job views are built on the same resolver contract.
 */
export function AdminPage() {
  const { loaded: fields } = useResolver('listDetailFields');
  const { loaded: jobs } = useResolver('listJobs', { limit: 10 });
  return (
    <Stack space="space.200">
      <Heading size="large">CSM organization bulk manager</Heading>
      {fields.state === 'loading' && <Spinner label="Loading detail fields" />}
      {fields.state === 'error' && (
        <SectionMessage appearance="error" title="The detail fields could not be loaded">
          <Text>{fields.message}</Text>
        </SectionMessage>
      )}
      {fields.state === 'ready' && (
        <Text>
          Detail fields on this site: {fields.data.map((field) => `${field.name} (${field.type})`).join(', ') || 'none'}
        </Text>
      )}
      {jobs.state === 'ready' && <Text>Recent jobs: {jobs.data.jobs.length}</Text>}
    </Stack>
  );
}

ForgeReconciler.render(
  <React.StrictMode>
    <AdminPage />
  </React.StrictMode>,
);
