import type { AdaptiveCard, CardElement, RichTextBlock } from './adaptive-card.js';
import { plain } from './plain-text.js';

/*
 * The shape of the cards that report on a plan to a group (the meeting's summary in its chat, the
 * digest in the plan's channel): an accent band with what it is, the plan and when; then the
 * report, full width; read-only, the plan being where to act on it.
 */

export function reportHeader(what: string, planTitle: string, when: RichTextBlock): CardElement {
  return {
    type: 'Container',
    style: 'accent',
    bleed: true,
    items: [{ type: 'TextBlock', text: what, style: 'heading', size: 'Large', weight: 'Bolder', wrap: true }, plain(planTitle, { isSubtle: true }, 'None'), when],
  };
}

export function reportCard(body: CardElement[], fallbackText: string, planUrl?: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(planUrl && { actions: [{ type: 'Action.OpenUrl', title: 'Open the plan', url: planUrl }] }),
    msteams: { width: 'Full' },
    fallbackText,
  };
}
