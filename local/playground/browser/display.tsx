import type { Renderer } from './ForgeDocView';

export const DISPLAY_COMPONENTS: Record<string, Renderer> = {
  CodeBlock: ({ node }) => (
    <pre data-forge-type="CodeBlock" className="pg-codeblock">
      <code>{String(node.props.text ?? '')}</code>
    </pre>
  ),
  Code: ({ node, render }) => (
    <code data-forge-type="Code" className="pg-code">
      {render(node.children)}
    </code>
  ),
  User: ({ node }) => (
    <span data-forge-type="User" className="pg-user" title={String(node.props.accountId ?? '')}>
      <span className="pg-avatar" aria-hidden>
        SA
      </span>
      {node.props.accountId ? 'Site admin (playground)' : 'Unknown user'}
    </span>
  ),
  ErrorMessage: ({ node, render }) => (
    <div data-forge-type="ErrorMessage" className="pg-message pg-message-error">
      {render(node.children)}
    </div>
  ),
  HelperMessage: ({ node, render }) => (
    <div data-forge-type="HelperMessage" className="pg-message">
      {render(node.children)}
    </div>
  ),
  ValidMessage: ({ node, render }) => (
    <div data-forge-type="ValidMessage" className="pg-message pg-message-valid">
      {render(node.children)}
    </div>
  ),
  Link: ({ node, render }) => (
    <a
      data-forge-type="Link"
      className="pg-link"
      href={String(node.props.href ?? '#')}
      target="_blank"
      rel="noreferrer"
    >
      {render(node.children)}
    </a>
  ),
  Icon: ({ node }) => <span data-forge-type="Icon" aria-label={String(node.props.label ?? '')} className="pg-icon" />,
};
