import { Button, Modal, ModalBody, ModalFooter, ModalHeader, ModalTitle, Text } from '@forge/react';
import type { SyncPlan } from '../../domain/sync';
import type { RemovedPreview } from '../hooks/useSyncPlanActions';
import { count, plural } from '../words';

/** Deleting a sync plan: what goes (its runs, file, history) and what stays (the organizations). */
export function DeletePlanModal(props: { plan: SyncPlan; onClose(): void; onConfirm(): void }) {
  return (
    <Modal onClose={props.onClose}>
      <ModalHeader>
        <ModalTitle>{`Delete the sync plan "${props.plan.name}"?`}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Text>
          Its scheduled runs stop, and its file, its history and what its runs applied are deleted. The organizations in
          CSM stay as they are.
        </Text>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onClose}>
          Go back
        </Button>
        <Button appearance="danger" onClick={props.onConfirm}>
          Delete the plan
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/** The organizations removed from a plan's source, by name and id, and the confirmation that deletes them. */
export function RemovedReview(props: { plan: SyncPlan; removed: RemovedPreview; onClose(): void; onConfirm(): void }) {
  const { plan, removed } = props;
  const gone =
    removed.gone > 0 ? ` ${plural(removed.gone, 'other')} ${removed.gone === 1 ? 'is' : 'are'} already gone.` : '';
  const shown = removed.organizations.slice(0, 20);
  return (
    <Modal onClose={props.onClose}>
      <ModalHeader>
        <ModalTitle>
          {removed.total > 0
            ? `Delete the ${plural(removed.total, 'organization')} removed from the source of "${plan.name}"?`
            : `Nothing removed from the source of "${plan.name}" waits to be deleted`}
        </ModalTitle>
      </ModalHeader>
      <ModalBody>
        {removed.total > 0 ? (
          <Text>
            {`These organizations are no longer in the source. A delete job deletes them from the site by id, with their details and the customers associated with them. This cannot be undone.${gone}`}
          </Text>
        ) : (
          <Text>{`No organization removed from the source is on the site.${gone}`}</Text>
        )}
        {shown.map((org) => (
          <Text key={org.id}>{`${org.name} (ID ${org.id})`}</Text>
        ))}
        {removed.total > shown.length ? <Text>{`… and ${count(removed.total - shown.length)} more.`}</Text> : null}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onClose}>
          Go back
        </Button>
        {removed.total > 0 ? (
          <Button appearance="danger" onClick={props.onConfirm}>
            Delete them
          </Button>
        ) : null}
      </ModalFooter>
    </Modal>
  );
}
