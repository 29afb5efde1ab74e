import { Heading, Stack, Tab, TabList, TabPanel, Tabs } from '@forge/react';
import { useState } from 'react';
import { CleanUpView } from './components/CleanUpView';
import { HistoryView } from './components/HistoryView';
import { ImportView } from './components/ImportView';
import { JobView } from './components/JobView';
import { SettingsView } from './components/SettingsView';
import { POLL_MS } from './hooks/useJobPolling';

const IMPORT_TAB = 0;
const JOBS_TAB = 1;
const SETTINGS_TAB = 2;
/** After Settings: tests and bookmarks know Settings as the third tab. */
const CLEAN_UP_TAB = 3;

export interface AppProps {
  /** How often an open job is read again; tests shorten it. */
  pollMs?: number;
}

/** The admin page: import, jobs (history and one job), settings, clean up. Only the open tab renders, so only it calls resolvers. */
export function App({ pollMs = POLL_MS }: AppProps) {
  const [tab, setTab] = useState(IMPORT_TAB);
  const [openJobId, setOpenJobId] = useState<string>();
  const openJob = (jobId: string) => {
    setOpenJobId(jobId);
    setTab(JOBS_TAB);
  };

  return (
    <Stack space="space.200">
      <Heading size="large">CSM organization bulk manager</Heading>
      <Tabs id="admin-tabs" selected={tab} onChange={(index) => setTab(index)}>
        <TabList>
          <Tab>Import</Tab>
          <Tab>Jobs</Tab>
          <Tab>Settings</Tab>
          <Tab>Clean up</Tab>
        </TabList>
        <TabPanel>{tab === IMPORT_TAB ? <ImportView onStarted={openJob} /> : null}</TabPanel>
        <TabPanel>
          {tab === JOBS_TAB ? (
            openJobId ? (
              <JobView
                key={openJobId}
                jobId={openJobId}
                pollMs={pollMs}
                onOpenJob={openJob}
                onBack={() => setOpenJobId(undefined)}
              />
            ) : (
              <HistoryView onOpenJob={openJob} pollMs={pollMs} />
            )
          ) : null}
        </TabPanel>
        <TabPanel>{tab === SETTINGS_TAB ? <SettingsView pollMs={pollMs} /> : null}</TabPanel>
        <TabPanel>{tab === CLEAN_UP_TAB ? <CleanUpView onStarted={openJob} /> : null}</TabPanel>
      </Tabs>
    </Stack>
  );
}
