import Badge from '@atlaskit/badge';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { Renderer } from './ForgeDocView';
import { handler, type HostNode } from './forgeDocHost';

/**
 * The UI Kit components that map one to one onto the Atlaskit packages @forge/react brings along.
 * Each sits in a span carrying `data-forge-type`, so tests and readers can tell which node drew it.
 */
const ICON_TEXT: Record<string, string> = { 'arrow-left': '← ', download: '⤓ ' };
type Props = Record<string, unknown>;
const str = (value: unknown) => (value === undefined ? undefined : String(value));
// The Atlaskit prop unions are wider than what the ForgeDoc guarantees; UI Kit validated them already.
const as = <T,>(value: unknown) => value as T;

function textProps(node: HostNode) {
  return {
    id: str(node.props.id),
    name: str(node.props.name),
    placeholder: str(node.props.placeholder),
    isReadOnly: Boolean(node.props.isReadOnly),
    isDisabled: Boolean(node.props.isDisabled),
    ...(node.props.value !== undefined ? { value: String(node.props.value) } : {}),
    onChange: (event: unknown) => handler(node, 'onChange')?.(event),
    onBlur: (event: unknown) => handler(node, 'onBlur')?.(event),
  };
}

const ButtonView: Renderer = ({ node, render }) => (
  <span data-forge-type={node.type} className="pg-ak">
    <Button
      appearance={as<Props['appearance'] & 'default'>(node.props.appearance ?? 'default')}
      isDisabled={Boolean(node.props.isDisabled)}
      type={node.props.type === 'submit' ? 'submit' : 'button'}
      onClick={(event) => handler(node, 'onClick')?.(event)}
    >
      {ICON_TEXT[String(node.props.iconBefore ?? '')] ?? ''}
      {render(node.children)}
    </Button>
  </span>
);

/**
 * FileCard (UI Kit, Preview): the file's name and type, and a download button when `onDownload` is given; when that
 * returns a Blob, the host saves it under `fileName` (docs: ui-kit/components/file-card).
 */
function FileCardView({ node }: { node: HostNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const fileName = String(node.props.fileName ?? 'file');
  const download = handler(node, 'onDownload');
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await download?.();
      if (blob instanceof Blob) {
        const url = URL.createObjectURL(blob);
        const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1_000);
      }
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span data-forge-type="FileCard" className="pg-filecard">
      <span className="pg-filecard-name">{fileName}</span>
      {node.props.fileType ? <span className="pg-message">{String(node.props.fileType)}</span> : null}
      {download ? (
        <Button appearance="subtle" isDisabled={busy} onClick={() => void save()} aria-label={`Download ${fileName}`}>
          {busy ? 'Preparing…' : '⤓ Download'}
        </Button>
      ) : null}
      {error ? <span className="pg-message pg-message-error">{error}</span> : null}
    </span>
  );
}

export const ATLASKIT_COMPONENTS: Record<string, Renderer> = {
  FileCard: ({ node }) => <FileCardView node={node} />,
  Button: ButtonView,
  LoadingButton: ButtonView,
  Heading: ({ node, render }) => (
    <div data-forge-type="Heading">
      <Heading size={as<'medium'>(node.props.size ?? 'medium')}>{render(node.children)}</Heading>
    </div>
  ),
  Lozenge: ({ node, render }) => (
    <span data-forge-type="Lozenge">
      <Lozenge appearance={as<'default'>(node.props.appearance ?? 'default')} isBold={Boolean(node.props.isBold)}>
        {render(node.children)}
      </Lozenge>
    </span>
  ),
  Badge: ({ node, render }) => (
    <span data-forge-type="Badge">
      <Badge appearance={as<'default'>(node.props.appearance ?? 'default')}>{render(node.children) as never}</Badge>
    </span>
  ),
  SectionMessage: ({ node, render }) => (
    <div data-forge-type="SectionMessage" data-appearance={String(node.props.appearance ?? 'information')}>
      <SectionMessage
        appearance={as<'information'>(node.props.appearance ?? 'information')}
        title={str(node.props.title)}
      >
        <div className="pg-section-body">{render(node.children)}</div>
      </SectionMessage>
    </div>
  ),
  Spinner: ({ node }) => (
    <span data-forge-type="Spinner" role="status" aria-label={str(node.props.label) ?? 'Loading'}>
      <Spinner size={as<'medium'>(node.props.size ?? 'medium')} />
    </span>
  ),
  ProgressBar: ({ node }) => (
    <div data-forge-type="ProgressBar">
      <ProgressBar
        value={Math.max(0, Math.min(1, Number(node.props.value ?? 0)))}
        appearance={as<'default'>(node.props.appearance ?? 'default')}
        isIndeterminate={Boolean(node.props.isIndeterminate)}
        ariaLabel={str(node.props.ariaLabel)}
      />
    </div>
  ),
  Textfield: ({ node }) => (
    <div data-forge-type="Textfield">
      <Textfield type={str(node.props.type) ?? 'text'} {...textProps(node)} />
    </div>
  ),
  TextArea: ({ node }) => (
    <div data-forge-type="TextArea">
      <TextArea
        minimumRows={Number(node.props.minimumRows ?? 3)}
        isMonospaced={Boolean(node.props.isMonospaced)}
        resize="vertical"
        {...textProps(node)}
      />
    </div>
  ),
};
