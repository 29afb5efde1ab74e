/** The ForgeDoc as the browser host sees it: @forge/react's reconciler output (see local/runtime/ui/forgeDoc.ts). */
export interface HostNode {
  type: string;
  props: Record<string, unknown>;
  children: HostNode[];
  key?: string;
}

export type Handler = (...args: unknown[]) => unknown;

export function handler(node: HostNode, name: string): Handler | undefined {
  const value = node.props[name];
  return typeof value === 'function' ? (value as Handler) : undefined;
}

export function textOf(node: HostNode): string {
  if (node.type === 'String') return String(node.props.text ?? '');
  return node.children.map(textOf).join('');
}

export const childrenOfType = (node: HostNode, type: string) => node.children.filter((child) => child.type === type);

/** The props that are data: event handlers left out, for spreading onto an Atlaskit component. */
export function dataProps(node: HostNode): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node.props).filter(([, value]) => typeof value !== 'function'));
}

/** Wrappers for the named handlers the node has, each reading the node's current handler when called. */
export function handlerProps(node: HostNode, names: readonly string[]): Record<string, Handler> {
  return Object.fromEntries(
    names.filter((name) => handler(node, name)).map((name) => [name, (...args) => handler(node, name)?.(...args)]),
  );
}

/**
 * A prop holding UI Kit elements (DynamicTable's `emptyView`, Checkbox's `label`) is not reconciled into the
 * ForgeDoc: it arrives as React elements, and as `{ type, props }` once JSON has carried it over the bridge.
 * UI Kit's components are string types, so such a value reads back as ForgeDoc nodes the host can render.
 */
export function elementNodes(value: unknown): HostNode[] {
  if (value === null || value === undefined || typeof value === 'boolean') return [];
  if (typeof value === 'string' || typeof value === 'number')
    return [{ type: 'String', props: { text: String(value) }, children: [] }];
  if (Array.isArray(value)) return value.flatMap(elementNodes);
  if (typeof value === 'object' && 'props' in value) {
    const { type, props } = value as { type?: unknown; props?: Record<string, unknown> };
    const { children, ...rest } = props ?? {};
    // A function component cannot be drawn without running it: its children still show.
    if (typeof type !== 'string') return elementNodes(children);
    return [{ type, props: rest, children: elementNodes(children) }];
  }
  return [];
}
