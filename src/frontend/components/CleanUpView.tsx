import { Button, DynamicTable, FileCard, Heading, Inline, ModalTransition, Stack, Text } from '@forge/react';
import { mergesCsv, mergesFileTooLong, type DuplicateGroup } from '../../domain/cleanup';
import type { CountedOrganization } from '../../domain/cleanup';
import { useCleanUp, DELETIONS_FILE } from '../hooks/useCleanUp';
import type { ScanProgress } from '../finders';
import { count, plural } from '../words';
import { ConfirmModal } from './ConfirmModal';
import { PreviewTable } from './PreviewTable';
import { ResolverError } from './ResolverError';
import { previewedDeletes, type PreviewedDeletes } from '../jobQuestions';

const csvBlob = (text: string) => Promise.resolve(new Blob([text], { type: 'text/csv' }));

/**
 * "Clean up": find the site's empty organizations, or those whose names look alike; preview deleting the empty ones,
 * delete them (asked first) and follow the job; or take either list as a file to edit and import on the Import tab.
 */
export function CleanUpView({ onStarted }: { onStarted(jobId: string): void }) {
  const { scanning, progress, found, find, deletions, error } = useCleanUp(onStarted);
  const idle = scanning === undefined && deletions.busy === undefined;
  return (
    <Stack space="space.200">
      <Heading size="medium">Clean up organizations</Heading>
      <Text>
        Find the organizations no customer belongs to, or those whose names look alike. Every organization of the site
        is read, a slice a call, so a large site takes a while.
      </Text>
      <Inline space="space.100">
        <Button appearance="primary" isDisabled={!idle} onClick={() => void find('empty')}>
          Find empty organizations
        </Button>
        <Button isDisabled={!idle} onClick={() => void find('duplicates')}>
          Find duplicates
        </Button>
      </Inline>
      {scanning || progress ? <Text>{scanLine(progress, scanning !== undefined)}</Text> : null}
      {error ? <ResolverError error={error} /> : null}
      {found?.finder === 'empty' ? <EmptyFound orgs={found.orgs} deletions={deletions} idle={idle} /> : null}
      {found?.finder === 'duplicates' ? <DuplicatesFound groups={found.groups} /> : null}
      <ModalTransition>
        {deletions.asking ? (
          <ConfirmModal question={deletions.asking} onClose={() => deletions.setAsking(undefined)} />
        ) : null}
      </ModalTransition>
    </Stack>
  );
}

/** How far the scan is while it runs (…), and how far it went once it ended (.). */
function scanLine(progress: ScanProgress | undefined, running: boolean): string {
  const end = running ? '…' : '.';
  if (!progress) return `Scanning the organizations${end}`;
  if (progress.pass === 'members')
    return `Counted the members of ${count(progress.done)} of ${plural(progress.of ?? 0, 'organization')} whose names look alike${end}`;
  return `Scanned ${plural(progress.done, 'organization')}${end}`;
}

function EmptyFound(props: {
  orgs: CountedOrganization[];
  deletions: ReturnType<typeof useCleanUp>['deletions'];
  idle: boolean;
}) {
  const { orgs, deletions, idle } = props;
  if (orgs.length === 0) return <Text>No organization is empty: every one has a customer.</Text>;
  return (
    <Stack space="space.150">
      <Heading size="small">{plural(orgs.length, 'empty organization')}</Heading>
      <DynamicTable
        label="Empty organizations"
        rowsPerPage={25}
        head={{
          cells: [
            { key: 'id', content: 'ID' },
            { key: 'name', content: 'Name' },
          ],
        }}
        rows={orgs.map((org) => ({
          key: `org-${org.id}`,
          cells: [
            { key: 'id', content: org.id },
            { key: 'name', content: org.name },
          ],
        }))}
      />
      {deletions.file ? (
        <FileDownload
          fileName={DELETIONS_FILE}
          text={deletions.file}
          advice="The deletions file: remove the rows of organizations to keep, then import it on the Import tab as Deletions."
        />
      ) : null}
      <Inline space="space.100">
        <Button isDisabled={!idle} onClick={() => void deletions.previewFile()}>
          Preview deleting them
        </Button>
        {deletions.preview ? (
          <Button appearance="danger" isDisabled={!idle} onClick={deletions.askDelete}>
            {deleteLabel(previewedDeletes(deletions.preview))}
          </Button>
        ) : null}
      </Inline>
      {deletions.busy === 'previewing' ? <Text>Looking the organizations up on the site…</Text> : null}
      {deletions.busy === 'starting' ? <Text>Starting the deletions…</Text> : null}
      {deletions.preview ? <PreviewTable preview={deletions.preview} /> : null}
    </Stack>
  );
}

function DuplicatesFound({ groups }: { groups: DuplicateGroup[] }) {
  if (groups.length === 0) return <Text>No two organizations have names that look alike.</Text>;
  const rows = groups.flatMap((group) => group.merge.map((other) => ({ group, other })));
  return (
    <Stack space="space.150">
      <Heading size="small">{`${plural(groups.length, 'group')} of organizations whose names look alike`}</Heading>
      <DynamicTable
        label="Duplicates"
        rowsPerPage={25}
        head={{
          cells: [
            { key: 'keep', content: 'Keep' },
            { key: 'merge', content: 'Merge into it' },
          ],
        }}
        rows={rows.map(({ group, other }) => ({
          key: `merge-${other.id}`,
          cells: [
            { key: 'keep', content: describe(group.keep) },
            { key: 'merge', content: describe(other) },
          ],
        }))}
      />
      <FileDownload
        fileName="merges.csv"
        text={mergesCsv(groups)}
        advice={[
          'The merges file, to review: in each row the organization kept (the one with the most members, then the oldest) and one that looks alike. Import it on the Import tab as a merges file: each merge moves the members, the detail values the kept one lacks and the service projects over, then deletes the other (into the recycle bin).',
          mergesFileTooLong(groups),
        ]
          .filter(Boolean)
          .join(' ')}
      />
    </Stack>
  );
}

const describe = (org: CountedOrganization) => `${org.name} (ID ${org.id}, ${plural(org.members, 'member')})`;

/** A list found as a file (UI Kit's FileCard: "Download <name>"), with what the admin may do with it. */
function FileDownload({ fileName, text, advice }: { fileName: string; text: string; advice: string }) {
  return (
    <Stack space="space.050">
      <FileCard fileName={fileName} fileType="text/csv" onDownload={() => csvBlob(text)} />
      <Text>{advice}</Text>
    </Stack>
  );
}

/** The danger button's words: the organizations the preview found to delete ("up to" while not all were looked up). */
function deleteLabel({ organizations, atMost }: PreviewedDeletes): string {
  return `Delete ${atMost ? 'up to ' : ''}${plural(organizations, 'organization')}`;
}
