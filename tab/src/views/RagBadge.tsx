import { Badge, type BadgeProps } from '@fluentui/react-components';
import { memo } from 'react';
import type { Rag } from '../../../src/plan/rag.js';

const COLOUR: Record<Rag, NonNullable<BadgeProps['color']>> = {
  Red: 'danger',
  Amber: 'warning',
  Green: 'success',
  Complete: 'brand',
  'Not set': 'informative',
};

/** A RAG status as a coloured badge that always carries its word: colour alone tells nothing to many people. */
export const RagBadge = memo(function RagBadge({ rag, size = 'medium' }: { rag: Rag; size?: BadgeProps['size'] }) {
  return (
    <Badge appearance={rag === 'Not set' ? 'outline' : 'filled'} color={COLOUR[rag]} size={size} shape="rounded">
      {rag}
    </Badge>
  );
});
