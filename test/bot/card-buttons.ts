import type { AdaptiveCard, CardAction, CardElement, ExecuteAction } from '../../bot/cards/adaptive-card.js';

function actionsIn(elements: readonly CardElement[]): ExecuteAction[] {
  return elements.flatMap((e): ExecuteAction[] => {
    if (e.type === 'Container') return actionsIn(e.items);
    if (e.type === 'ColumnSet') return e.columns.flatMap((c) => actionsIn(c.items));
    if (e.type === 'ActionSet') return e.actions.flatMap(fromAction);
    return [];
  });
}

function fromAction(action: CardAction): ExecuteAction[] {
  if (action.type === 'Action.Execute') return [action];
  if (action.type === 'Action.ShowCard') return [...actionsIn(action.card.body), ...(action.card.actions ?? []).flatMap(fromAction)];
  return [];
}

/** Every Action.Execute button on a card, in ShowCards too. */
export function executeActions(card: AdaptiveCard): ExecuteAction[] {
  return [...actionsIn(card.body), ...(card.actions ?? []).flatMap(fromAction)];
}

/**
 * What Teams sends when a button is pressed: the button's data with the inputs merged in by id
 * (universal-action-model, "Request format"). The button is the one with this verb for the action
 * with this ref.
 */
export function press(
  card: AdaptiveCard,
  ref: string,
  verb: string,
  inputs: { text?: string; rag?: string; timescale?: string; date?: string; evidence?: string } = {},
): { verb: string; data: Record<string, unknown> } {
  const slots = card.body.length;
  const candidates = executeActions(card).filter((a) => a.verb === verb);
  const button = candidates.find((a) => refOfSlot(card, Number(a.data?.slot)) === ref);
  if (!button?.data) throw new Error(`no ${verb} button for ${ref} on a card of ${slots} blocks`);
  const slot = Number(button.data.slot);
  const merged: Record<string, unknown> = { ...button.data };
  if (button.associatedInputs !== 'none') {
    // The inputs as the card shows them (the RAG chosen already, say), then what the person changed.
    for (const input of inputsOf(card)) if (input.id.endsWith(`-${slot}`) && input.value !== undefined) merged[input.id] = input.value;
    if (inputs.text !== undefined) merged[`update-${slot}`] = inputs.text;
    if (inputs.rag !== undefined) merged[`rag-${slot}`] = inputs.rag;
    if (inputs.timescale !== undefined) merged[`timescale-${slot}`] = inputs.timescale;
    if (inputs.date !== undefined) merged[`date-${slot}`] = inputs.date;
    if (inputs.evidence !== undefined) merged[`evidence-${slot}`] = inputs.evidence;
  }
  return { verb, data: merged };
}

/**
 * What Teams sends when a button on the plan owner's requests card is pressed: the button for the
 * request about the action with this ref, with the reason box merged in unless the button sends no
 * inputs (Approve, Agree).
 */
export function pressOwner(card: AdaptiveCard, ref: string, verb: string, note?: string): { verb: string; data: Record<string, unknown> } {
  const button = executeActions(card)
    .filter((a) => a.verb === verb)
    .find((a) => refOfSlot(card, Number(a.data?.slot)) === ref);
  if (!button?.data) throw new Error(`no ${verb} button for ${ref}`);
  const slot = Number(button.data.slot);
  const merged: Record<string, unknown> = { ...button.data };
  if (button.associatedInputs !== 'none') {
    for (const input of inputsOf(card)) if (input.id === `note-${slot}` && input.value !== undefined) merged[input.id] = input.value;
    if (note !== undefined) merged[`note-${slot}`] = note;
  }
  return { verb, data: merged };
}

/** The ref shown in an action's block: the block after the header, in slot order. */
function refOfSlot(card: AdaptiveCard, slot: number): string | null {
  const blocks = card.body.filter((e) => e.type === 'Container' && e.separator === true);
  const block = blocks[slot];
  if (!block || block.type !== 'Container') return null;
  const first = block.items[0];
  return first?.type === 'RichTextBlock' ? (first.inlines[0]?.text.trim() ?? null) : null;
}

/** The refresh Teams runs when a listed user opens the card. */
export function refreshOf(card: AdaptiveCard): { verb: string; data: Record<string, unknown> } {
  if (!card.refresh) throw new Error('the card has no refresh');
  return { verb: card.refresh.action.verb, data: { ...card.refresh.action.data } };
}

/** All the text on a card, for asserting what a reader sees. */
export function cardText(card: AdaptiveCard): string {
  const parts: string[] = [];
  const walk = (elements: readonly CardElement[]): void => {
    for (const e of elements) {
      if (e.type === 'TextBlock') parts.push(e.text);
      else if (e.type === 'RichTextBlock') parts.push(e.inlines.map((i) => i.text).join(''));
      else if (e.type === 'Container') walk(e.items);
      else if (e.type === 'FactSet') parts.push(...e.facts.map((f) => `${f.title}: ${f.value}`));
      else if (e.type === 'ColumnSet') e.columns.forEach((c) => walk(c.items));
      else if (e.type === 'Input.Text' || e.type === 'Input.ChoiceSet') parts.push(e.label ?? '');
      else if (e.type === 'ActionSet') {
        for (const a of e.actions) {
          parts.push(a.title ?? '');
          if (a.type === 'Action.ShowCard') walk(a.card.body);
        }
      }
    }
  };
  walk(card.body);
  return parts.join('\n');
}

type Input = Extract<CardElement, { type: 'Input.Text' | 'Input.ChoiceSet' | 'Input.Date' }>;

/** Every input on a card, in ShowCards too. */
export function inputsOf(card: AdaptiveCard): Input[] {
  const found: Input[] = [];
  const walk = (elements: readonly CardElement[]): void => {
    for (const e of elements) {
      if (e.type === 'Input.Text' || e.type === 'Input.ChoiceSet' || e.type === 'Input.Date') found.push(e);
      else if (e.type === 'Container') walk(e.items);
      else if (e.type === 'ColumnSet') e.columns.forEach((c) => walk(c.items));
      else if (e.type === 'ActionSet') for (const a of e.actions) if (a.type === 'Action.ShowCard') walk(a.card.body);
    }
  };
  walk(card.body);
  return found;
}

/** Every TextBlock's text and every fact: where markdown is read, so where people's words must never be. */
export function textBlocks(card: AdaptiveCard): string[] {
  const found: string[] = [];
  const walk = (elements: readonly CardElement[]): void => {
    for (const e of elements) {
      if (e.type === 'TextBlock') found.push(e.text);
      else if (e.type === 'Container') walk(e.items);
      else if (e.type === 'FactSet') found.push(...e.facts.flatMap((f) => [f.title, f.value]));
      else if (e.type === 'ColumnSet') e.columns.forEach((c) => walk(c.items));
      else if (e.type === 'ActionSet') for (const a of e.actions) if (a.type === 'Action.ShowCard') walk(a.card.body);
    }
  };
  walk(card.body);
  return found;
}
