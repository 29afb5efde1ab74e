import type { CSSProperties } from 'react';
import type { Renderer } from './ForgeDocView';

/** Atlassian space tokens (space.050 … space.800) in px. */
const SPACE: Record<string, number> = {
  'space.0': 0,
  'space.025': 2,
  'space.050': 4,
  'space.075': 6,
  'space.100': 8,
  'space.150': 12,
  'space.200': 16,
  'space.250': 20,
  'space.300': 24,
  'space.400': 32,
  'space.500': 40,
  'space.600': 48,
  'space.800': 64,
};
const gap = (token: unknown) => (typeof token === 'string' ? (SPACE[token] ?? 0) : 0);
const ALIGN: Record<string, CSSProperties['alignItems']> = {
  start: 'flex-start',
  center: 'center',
  end: 'flex-end',
  stretch: 'stretch',
  baseline: 'baseline',
};

export const LAYOUT_COMPONENTS: Record<string, Renderer> = {
  Stack: ({ node, render }) => (
    <div
      data-forge-type="Stack"
      className="pg-stack"
      style={{ gap: gap(node.props.space), alignItems: ALIGN[String(node.props.alignInline)] }}
    >
      {render(node.children)}
    </div>
  ),
  Inline: ({ node, render }) => (
    <div
      data-forge-type="Inline"
      className="pg-inline"
      style={{
        gap: gap(node.props.space),
        alignItems: ALIGN[String(node.props.alignBlock)],
        flexWrap: node.props.shouldWrap === false ? 'nowrap' : 'wrap',
      }}
    >
      {render(node.children)}
    </div>
  ),
  Box: ({ node, render }) => (
    <div data-forge-type="Box" style={{ padding: gap(node.props.padding) }}>
      {render(node.children)}
    </div>
  ),
  Text: ({ node, render }) => (
    <p data-forge-type="Text" className="pg-text">
      {render(node.children)}
    </p>
  ),
  Label: ({ node, render }) => (
    <label data-forge-type="Label" className="pg-label" htmlFor={node.props.labelFor as string | undefined}>
      {render(node.children)}
    </label>
  ),
  ContentWrapper: ({ node, render }) => <>{render(node.children)}</>,
};
