import { useState, type ReactNode } from 'react';
import type { Renderer } from './ForgeDocView';
import { handler, textOf, type HostNode } from './forgeDocHost';
import { readPickedFile } from './pickedFile';

function SelectView({ node }: { node: HostNode }) {
  const options = (node.props.options ?? []) as Array<{ label: unknown; value: unknown }>;
  const selected = node.props.value as { value?: unknown } | undefined;
  const index = options.findIndex((option) => option.value === selected?.value);
  return (
    <select
      data-forge-type="Select"
      className="pg-select"
      id={node.props.inputId as string | undefined}
      value={index >= 0 ? String(index) : ''}
      disabled={Boolean(node.props.isDisabled)}
      onChange={(event) => handler(node, 'onChange')?.(options[Number(event.target.value)])}
    >
      {index < 0 ? <option value="">{String(node.props.placeholder ?? 'Select…')}</option> : null}
      {options.map((option, i) => (
        <option key={i} value={String(i)}>
          {String(option.label)}
        </option>
      ))}
    </select>
  );
}

function FilePickerView({ node }: { node: HostNode }) {
  const [reading, setReading] = useState(false);
  return (
    <div data-forge-type="FilePicker" className="pg-filepicker">
      {node.props.label ? <span className="pg-label">{String(node.props.label)}</span> : null}
      <input
        type="file"
        className="pg-file-input"
        onChange={async (event) => {
          setReading(true);
          const files = await Promise.all(Array.from(event.target.files ?? []).map(readPickedFile));
          setReading(false);
          handler(node, 'onChange')?.(files);
        }}
      />
      {node.props.description ? <span className="pg-message">{String(node.props.description)}</span> : null}
      {reading ? <span className="pg-message">Reading the file…</span> : null}
    </div>
  );
}

export const INPUT_COMPONENTS: Record<string, Renderer> = {
  Select: ({ node }) => <SelectView node={node} />,
  Checkbox: ({ node }) => (
    <label data-forge-type="Checkbox" className="pg-checkbox">
      <input
        type="checkbox"
        name={node.props.name as string | undefined}
        value={node.props.value as string | undefined}
        checked={Boolean(node.props.isChecked)}
        disabled={Boolean(node.props.isDisabled)}
        onChange={(event) => handler(node, 'onChange')?.(event)}
      />
      <span>{String(node.props.label ?? '')}</span>
    </label>
  ),
  FilePicker: ({ node }) => <FilePickerView node={node} />,
  Form: ({ node, render }) => (
    <form
      data-forge-type="Form"
      onSubmit={(event) => {
        event.preventDefault();
        handler(node, 'onSubmit')?.(event);
      }}
    >
      {render(node.children)}
    </form>
  ),
  Tabs: ({ node, render }) => <TabsView node={node} render={render} />,
};

/** Tabs: a TabList of Tab, then one TabPanel per tab; only the selected panel shows. */
function TabsView({ node, render }: { node: HostNode; render: (nodes: HostNode[]) => ReactNode }) {
  const [own, setOwn] = useState(0);
  const selected = typeof node.props.selected === 'number' ? node.props.selected : own;
  const tabs =
    node.children.find((child) => child.type === 'TabList')?.children.filter((child) => child.type === 'Tab') ?? [];
  const panels = node.children.filter((child) => child.type === 'TabPanel');
  const choose = (index: number) => {
    setOwn(index);
    handler(node, 'onChange')?.(index);
  };
  return (
    <div data-forge-type="Tabs" className="pg-tabs">
      <div role="tablist" className="pg-tablist">
        {tabs.map((tab, index) => (
          <button
            key={tab.key ?? index}
            role="tab"
            type="button"
            aria-selected={index === selected}
            className="pg-tab"
            onClick={() => choose(index)}
          >
            {textOf(tab)}
          </button>
        ))}
      </div>
      {panels.map((panel, index) =>
        index === selected ? (
          <div key={panel.key ?? index} role="tabpanel" className="pg-tabpanel">
            {render(panel.children)}
          </div>
        ) : null,
      )}
    </div>
  );
}
