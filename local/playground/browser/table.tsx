import DynamicTable from '@atlaskit/dynamic-table';
import type { ComponentProps } from 'react';
import type { Renderer, RenderChildren } from './ForgeDocView';
import { childrenOfType, dataProps, elementNodes, handlerProps, type HostNode } from './forgeDocHost';

/**
 * @forge/react sends DynamicTable as `ContentWrapper name=head` (Cells) and `ContentWrapper name=rows`
 * (Rows of Cells), each Cell's content as its children and its key as `cellKey` (`rowKey` for a Row); the
 * product turns that back into Atlaskit's head/rows props, and so does this. The other props (caption,
 * rowsPerPage, page, defaultPage, isLoading, sortKey, …) go to Atlaskit's DynamicTable as they are, which
 * pages the rows itself.
 */
type TableProps = ComponentProps<typeof DynamicTable>;

function cellsOf(parent: HostNode, render: RenderChildren) {
  return childrenOfType(parent, 'Cell').map((cell, index) => {
    const { cellKey, ...cellProps } = dataProps(cell);
    return { ...cellProps, key: String(cellKey ?? cell.key ?? index), content: render(cell.children) };
  });
}

const DynamicTableView: Renderer = ({ node, render }) => {
  const wrapper = (name: string) =>
    node.children.find((child) => child.type === 'ContentWrapper' && child.props.name === name);
  const head = wrapper('head');
  const rows = childrenOfType(wrapper('rows') ?? emptyNode, 'Row').map((row, index) => {
    const { rowKey, ...rowProps } = dataProps(row);
    return { ...rowProps, key: String(rowKey ?? row.key ?? index), cells: cellsOf(row, render) };
  });
  const { emptyView, ...rest } = dataProps(node);
  const props = {
    ...rest,
    ...handlerProps(node, ['onSetPage', 'onRankStart', 'onRankEnd']),
    head: head && head.children.length > 0 ? { cells: cellsOf(head, render) } : undefined,
    rows,
    emptyView: emptyView === undefined ? undefined : <>{render(elementNodes(emptyView))}</>,
  };
  return (
    <div data-forge-type="DynamicTable">
      <DynamicTable {...(props as TableProps)} />
    </div>
  );
};

const emptyNode: HostNode = { type: 'None', props: {}, children: [] };

export const TABLE_COMPONENTS: Record<string, Renderer> = {
  DynamicTable: DynamicTableView,
};
