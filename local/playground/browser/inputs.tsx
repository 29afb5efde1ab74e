import Button from '@atlaskit/button/new';
import Checkbox from '@atlaskit/checkbox';
import Select from '@atlaskit/select';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useRef, useState, type ComponentProps, type DragEvent } from 'react';
import type { Renderer, RenderChildren } from './ForgeDocView';
import { childrenOfType, dataProps, elementNodes, handler, handlerProps, type HostNode } from './forgeDocHost';
import { readPickedFile } from './pickedFile';

/**
 * The UI Kit inputs, drawn by the Atlaskit packages UI Kit's prop types are cut from (@atlaskit/forge-react-types
 * picks each component's props from them): the data props in the ForgeDoc go to Atlaskit as they are, and each
 * handler is called with what the Atlaskit component gives it.
 */
const str = (value: unknown) => (value === undefined ? undefined : String(value));

function SelectView({ node }: { node: HostNode }) {
  // value/defaultValue/options/isMulti/inputId/placeholder/isClearable/…: the same meaning in both.
  const props = { ...dataProps(node), ...handlerProps(node, ['onChange', 'onBlur', 'onFocus', 'onInputChange']) };
  return (
    <div data-forge-type="Select">
      <Select {...(props as ComponentProps<typeof Select>)} />
    </div>
  );
}

function CheckboxView({ node, render }: { node: HostNode; render: RenderChildren }) {
  const { label, ...rest } = dataProps(node);
  const props = { ...rest, ...handlerProps(node, ['onChange', 'onBlur', 'onFocus']) };
  return (
    <div data-forge-type="Checkbox">
      <Checkbox
        {...(props as ComponentProps<typeof Checkbox>)}
        label={typeof label === 'string' || label === undefined ? label : <>{render(elementNodes(label))}</>}
      />
    </div>
  );
}

/**
 * FilePicker (UI Kit, EAP): a drop zone with a browse button; `onChange` gets every file as
 * `{ data (base64), name, size, type }`. The file input itself stays hidden, as in the product.
 */
function FilePickerView({ node }: { node: HostNode }) {
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string>();
  const label = str(node.props.label);
  const pick = async (files: File[]) => {
    setReading(true);
    setError(undefined);
    try {
      const picked = await Promise.all(files.map(readPickedFile));
      await handler(node, 'onChange')?.(picked);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setReading(false);
      // The same file can be picked again after the app dropped it.
      if (input.current) input.current.value = '';
    }
  };
  const over = (event: DragEvent) => {
    event.preventDefault();
    setDragging(true);
  };
  return (
    <div
      data-forge-type="FilePicker"
      className="pg-filepicker"
      data-dragging={dragging || undefined}
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        void pick(Array.from(event.dataTransfer.files));
      }}
    >
      {label ? <span className="pg-label">{label}</span> : null}
      <div className="pg-filepicker-zone">
        <span className="pg-filepicker-hint">Drag and drop a file here, or</span>
        <Button isDisabled={reading} onClick={() => input.current?.click()}>
          {reading ? 'Reading the file…' : 'Browse files'}
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          aria-label={label ?? 'Choose a file'}
          onChange={(event) => void pick(Array.from(event.target.files ?? []))}
        />
      </div>
      {node.props.description ? <span className="pg-message">{String(node.props.description)}</span> : null}
      {error ? <span className="pg-message pg-message-error">{error}</span> : null}
    </div>
  );
}

/**
 * Tabs: a TabList of Tab, then one TabPanel per tab, handed to Atlaskit's Tabs in that shape (it pairs the
 * n-th Tab with the n-th TabPanel). `selected`, `defaultSelected`, `shouldUnmountTabPanelOnChange` as in UI Kit;
 * `onChange` gets the index.
 */
function TabsView({ node, render }: { node: HostNode; render: RenderChildren }) {
  const tabList = node.children.find((child) => child.type === 'TabList');
  const tabs = tabList ? childrenOfType(tabList, 'Tab') : [];
  const panels = childrenOfType(node, 'TabPanel');
  const { selected, defaultSelected, shouldUnmountTabPanelOnChange, id, testId } = node.props;
  return (
    <div data-forge-type="Tabs">
      <Tabs
        id={str(id) ?? 'forge-tabs'}
        testId={str(testId)}
        selected={typeof selected === 'number' ? selected : undefined}
        defaultSelected={typeof defaultSelected === 'number' ? defaultSelected : undefined}
        shouldUnmountTabPanelOnChange={Boolean(shouldUnmountTabPanelOnChange)}
        onChange={(index) => handler(node, 'onChange')?.(index)}
      >
        <TabList>
          {tabs.map((tab, index) => (
            <Tab key={tab.key ?? index} testId={str(tab.props.testId)}>
              {render(tab.children)}
            </Tab>
          ))}
        </TabList>
        {panels.map((panel, index) => (
          <TabPanel key={panel.key ?? index} testId={str(panel.props.testId)}>
            <div className="pg-tabpanel">{render(panel.children)}</div>
          </TabPanel>
        ))}
      </Tabs>
    </div>
  );
}

export const INPUT_COMPONENTS: Record<string, Renderer> = {
  Select: ({ node }) => <SelectView node={node} />,
  Checkbox: ({ node, render }) => <CheckboxView node={node} render={render} />,
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
  Tabs: TabsView,
};
