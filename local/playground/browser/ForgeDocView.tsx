import type { ReactNode } from 'react';
import { ATLASKIT_COMPONENTS } from './atlaskit';
import { DISPLAY_COMPONENTS } from './display';
import type { HostNode } from './forgeDocHost';
import { INPUT_COMPONENTS } from './inputs';
import { LAYOUT_COMPONENTS } from './layout';
import { OVERLAY_COMPONENTS } from './overlays';
import { TABLE_COMPONENTS } from './table';

export type Renderer = (props: { node: HostNode; render: RenderChildren }) => ReactNode;
export type RenderChildren = (nodes: HostNode[]) => ReactNode;

const COMPONENTS: Record<string, Renderer> = {
  ...LAYOUT_COMPONENTS,
  ...DISPLAY_COMPONENTS,
  ...INPUT_COMPONENTS,
  ...TABLE_COMPONENTS,
  ...OVERLAY_COMPONENTS,
  // Atlaskit here and in inputs, table and overlays; layout and display are plain DOM styled by playground.css.
  ...ATLASKIT_COMPONENTS,
};

export const renderChildren: RenderChildren = (nodes) =>
  nodes.map((node, index) => <NodeView key={node.key ?? index} node={node} />);

function NodeView({ node }: { node: HostNode }) {
  if (node.type === 'String') return <>{String(node.props.text ?? '')}</>;
  const Component = COMPONENTS[node.type];
  if (!Component) {
    // An unmapped component still shows its content, and says which type is missing.
    return (
      <div data-forge-type={node.type} className="pg-unmapped" title={`No playground mapping for ${node.type}`}>
        {renderChildren(node.children)}
      </div>
    );
  }
  return <Component node={node} render={renderChildren} />;
}

/** The whole ForgeDoc: the reconciler's container is a root node whose children are the page. */
export function ForgeDocView({ root }: { root: HostNode }) {
  return <>{renderChildren(root.children ?? [])}</>;
}
