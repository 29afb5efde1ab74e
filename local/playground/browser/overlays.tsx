import type { Renderer } from './ForgeDocView';
import { handler } from './forgeDocHost';

export const OVERLAY_COMPONENTS: Record<string, Renderer> = {
  ModalTransition: ({ node, render }) => <>{render(node.children)}</>,
  Modal: ({ node, render }) => (
    <div
      className="pg-blanket"
      onClick={(event) => event.target === event.currentTarget && handler(node, 'onClose')?.(event)}
    >
      <div data-forge-type="Modal" role="dialog" aria-modal className="pg-modal">
        {render(node.children)}
      </div>
    </div>
  ),
  ModalHeader: ({ node, render }) => <div className="pg-modal-header">{render(node.children)}</div>,
  ModalTitle: ({ node, render }) => <h2 className="pg-heading pg-heading-medium">{render(node.children)}</h2>,
  ModalBody: ({ node, render }) => <div className="pg-modal-body">{render(node.children)}</div>,
  ModalFooter: ({ node, render }) => <div className="pg-modal-footer">{render(node.children)}</div>,
};
