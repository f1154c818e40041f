import AdaptiveCards from 'adaptivecards/dist/adaptivecards.js';

/**
 * What Microsoft's own renderer objects to in a card, at schema 1.5 (the version Teams renders):
 * every parse event (unknown element or action, invalid property value, wrong version) and every
 * validation event (duplicate input ids, choice sets without choices, missing required properties).
 * An empty list means the card passes.
 */
export function cardProblems(card: unknown): string[] {
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext(AdaptiveCards.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validation: ${event.message}`);
  return problems;
}
