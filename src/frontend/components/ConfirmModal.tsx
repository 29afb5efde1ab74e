import { Button, Modal, ModalBody, ModalFooter, ModalHeader, ModalTitle, Text } from '@forge/react';

/** A question the admin answers before an action goes ahead. */
export interface Question {
  title: string;
  message: string;
  confirm: string;
  /** Atlaskit's danger for what destroys (a delete), warning for what needs care but can be put right. */
  appearance: 'danger' | 'warning';
  /** A question about a running job: it closes by itself once the job has ended. */
  whileRunning?: boolean;
  onConfirm(): void;
}

export function ConfirmModal({ question, onClose }: { question: Question; onClose(): void }) {
  return (
    <Modal onClose={onClose}>
      <ModalHeader>
        <ModalTitle appearance={question.appearance}>{question.title}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Text>{question.message}</Text>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Go back
        </Button>
        <Button appearance={question.appearance} onClick={question.onConfirm}>
          {question.confirm}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
