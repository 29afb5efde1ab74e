import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import type { ComponentProps } from 'react';
import type { Renderer } from './ForgeDocView';
import { dataProps, handlerProps } from './forgeDocHost';

/**
 * Modal and its parts, drawn by @atlaskit/modal-dialog: a portal over a blanket, focus kept inside, and
 * `onClose` called on Esc and on a click on the blanket (Atlaskit's defaults). ModalTransition keeps a closing
 * Modal on screen until its exit motion ends, so its children must stay keyed elements (NodeView's keys).
 */
type ModalProps = ComponentProps<typeof ModalDialog>;
// The Atlaskit prop types are stricter than the ForgeDoc's records; UI Kit validated the props already.
const as = <T,>(value: unknown) => value as T;

export const OVERLAY_COMPONENTS: Record<string, Renderer> = {
  ModalTransition: ({ node, render }) => <ModalTransition>{render(node.children)}</ModalTransition>,
  Modal: ({ node, render }) => {
    // `autoFocus` is a ref in Atlaskit, which no app can send; UI Kit's `icon` and `title` have no Atlaskit prop.
    const { autoFocus: _autoFocus, icon: _icon, title: _title, ...rest } = dataProps(node);
    const props = as<ModalProps>({ ...rest, ...handlerProps(node, ['onClose']) });
    return <ModalDialog {...props}>{render(node.children)}</ModalDialog>;
  },
  ModalHeader: ({ node, render }) => (
    <ModalHeader {...as<ComponentProps<typeof ModalHeader>>(dataProps(node))}>{render(node.children)}</ModalHeader>
  ),
  ModalTitle: ({ node, render }) => (
    <ModalTitle {...as<ComponentProps<typeof ModalTitle>>(dataProps(node))}>{render(node.children)}</ModalTitle>
  ),
  ModalBody: ({ node, render }) => (
    <ModalBody {...as<ComponentProps<typeof ModalBody>>(dataProps(node))}>{render(node.children)}</ModalBody>
  ),
  ModalFooter: ({ node, render }) => (
    <ModalFooter {...as<ComponentProps<typeof ModalFooter>>(dataProps(node))}>{render(node.children)}</ModalFooter>
  ),
};
