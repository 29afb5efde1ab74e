import { useState, type ReactNode } from 'react';
import type { Renderer } from './ForgeDocView';
import { childrenOfType, type HostNode } from './forgeDocHost';

/**
 * @forge/react sends DynamicTable as `ContentWrapper name=head` (Cells) and `ContentWrapper name=rows`
 * (Rows of Cells); the product turns that back into Atlaskit's head/rows props. Here it becomes a table.
 */
function DynamicTableView({ node, render }: { node: HostNode; render: (nodes: HostNode[]) => ReactNode }) {
  const [page, setPage] = useState(0);
  const wrapper = (name: string) =>
    node.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name);
  const headCells = childrenOfType(wrapper('head') ?? emptyNode, 'Cell');
  const rows = childrenOfType(wrapper('rows') ?? emptyNode, 'Row');
  const perPage = Number(node.props.rowsPerPage ?? 0) || rows.length || 1;
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * perPage, (current + 1) * perPage);
  const caption = node.props.caption as string | undefined;
  return (
    <div data-forge-type="DynamicTable" className="pg-table-wrap">
      <table className="pg-table" aria-label={caption}>
        {caption ? <caption>{caption}</caption> : null}
        {headCells.length > 0 ? (
          <thead>
            <tr>
              {headCells.map((cell, index) => (
                <th key={cell.key ?? index}>{render(cell.children)}</th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {shown.map((row, rowIndex) => (
            <tr key={row.key ?? rowIndex} data-row-key={String(row.props.rowKey ?? '')}>
              {childrenOfType(row, 'Cell').map((cell, index) => (
                <td key={cell.key ?? index}>{render(cell.children)}</td>
              ))}
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={Math.max(1, headCells.length)} className="pg-table-empty">
                {elementText(node.props.emptyView) || 'No rows'}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {pages > 1 ? (
        <div className="pg-pager">
          <button
            type="button"
            className="pg-button pg-button-subtle"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
          >
            ‹ Previous
          </button>
          <span>{`Page ${current + 1} of ${pages}`}</span>
          <button
            type="button"
            className="pg-button pg-button-subtle"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
          >
            Next ›
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** `emptyView` arrives as a React element (not reconciled into the ForgeDoc); its text is what matters here. */
function elementText(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(elementText).join('');
  if (value && typeof value === 'object' && 'props' in value)
    return elementText((value as { props: { children?: unknown } }).props.children);
  return '';
}

const emptyNode: HostNode = { type: 'None', props: {}, children: [] };

export const TABLE_COMPONENTS: Record<string, Renderer> = {
  DynamicTable: DynamicTableView,
};
