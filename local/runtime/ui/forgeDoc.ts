/**
 * The ForgeDoc is what @forge/react's reconciler hands the host on every commit
 * (`callBridge('reconcile', { forgeDoc })`): a tree of `{ type, props, children, key }`, text as
 * `{ type: 'String', props: { text } }`, event handlers as function props. These helpers find nodes
 * and call their handlers with the arguments the host passes.
 */
export interface ForgeDocNode {
  type: string;
  props: Record<string, unknown>;
  children: ForgeDocNode[];
  key?: string;
}

export interface NodeQuery {
  type?: string;
  /** Props that must be equal (===) on the node. */
  props?: Record<string, unknown>;
  /** Matches the node's text (its String descendants joined): a substring or a pattern. */
  text?: string | RegExp;
}

/** A copy of the tree as it is now: the reconciler keeps mutating the one it sent. */
export function snapshotDoc(node: ForgeDocNode): ForgeDocNode {
  return {
    type: node.type,
    props: { ...node.props },
    children: (node.children ?? []).map(snapshotDoc),
    ...(node.key !== undefined ? { key: node.key } : {}),
  };
}

export function textOf(node: ForgeDocNode): string {
  if (node.type === 'String') return String(node.props.text ?? '');
  return (node.children ?? []).map(textOf).join('');
}

function matches(node: ForgeDocNode, query: NodeQuery): boolean {
  if (query.type !== undefined && node.type !== query.type) return false;
  if (query.props && Object.entries(query.props).some(([name, value]) => node.props[name] !== value)) return false;
  if (query.text !== undefined) {
    const text = textOf(node);
    return typeof query.text === 'string' ? text.includes(query.text) : query.text.test(text);
  }
  return true;
}

export function findNodes(root: ForgeDocNode, query: NodeQuery): ForgeDocNode[] {
  const found: ForgeDocNode[] = [];
  const visit = (node: ForgeDocNode) => {
    if (matches(node, query)) found.push(node);
    (node.children ?? []).forEach(visit);
  };
  visit(root);
  return found;
}

/** The first node matching, or an error showing the tree that was searched. */
export function findNode(root: ForgeDocNode, query: NodeQuery): ForgeDocNode {
  const [node] = findNodes(root, query);
  if (!node) throw new Error(`No ForgeDoc node matches ${describe(query)} in:\n${outline(root)}`);
  return node;
}

/** An indented sketch of the tree, for failure messages. */
export function outline(node: ForgeDocNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  if (node.type === 'String') return `${pad}"${String(node.props.text ?? '')}"`;
  const props = Object.entries(node.props)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const lines = [`${pad}<${node.type}${props ? ' ' + props : ''}>`];
  for (const child of node.children ?? []) lines.push(outline(child, depth + 1));
  return lines.join('\n');
}

function describe(query: NodeQuery): string {
  const parts = [
    query.type ? `type ${query.type}` : undefined,
    query.props ? `props ${JSON.stringify(query.props)}` : undefined,
  ];
  if (query.text !== undefined) parts.push(`text ${String(query.text)}`);
  return parts.filter(Boolean).join(', ') || 'anything';
}

/** Calls a function prop as the host does and waits for it. */
export async function callHandler(node: ForgeDocNode, name: string, ...args: unknown[]): Promise<unknown> {
  const handler = node.props[name];
  if (typeof handler !== 'function') {
    throw new Error(
      `The ${node.type} node has no ${name} handler (its function props: ${functionProps(node).join(', ') || 'none'}).`,
    );
  }
  return handler(...args);
}

function functionProps(node: ForgeDocNode): string[] {
  return Object.keys(node.props).filter((k) => typeof node.props[k] === 'function');
}

const hostEvent = (target: Record<string, unknown>) => ({
  target,
  currentTarget: target,
  preventDefault() {},
  stopPropagation() {},
  persist() {},
});

export const click = (node: ForgeDocNode) => callHandler(node, 'onClick', hostEvent({}));

/** Types into a Textfield/TextArea: @forge/react's useForm reads `event.target.type` and `.value`. */
export function changeText(node: ForgeDocNode, value: string) {
  const type = node.type === 'TextArea' ? 'textarea' : typeof node.props.type === 'string' ? node.props.type : 'text';
  return callHandler(node, 'onChange', hostEvent({ type, value }));
}

export const setChecked = (node: ForgeDocNode, checked: boolean) =>
  callHandler(node, 'onChange', hostEvent({ type: 'checkbox', checked, value: node.props.value }));
