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
