/*
 * The part of the Adaptive Card 1.5 schema these cards use, typed so a misspelt property or an
 * element Teams cannot render does not compile. Schema: adaptivecards.io/explorer (learn.microsoft.com/
 * adaptive-cards/schema-explorer); Teams renders up to 1.5, which Action.Execute needs
 * (learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/
 * work-with-universal-actions-for-adaptive-cards, "Schema for Universal Actions").
 */

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge' | 'Padding';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export type TextSize = 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextWeight = 'Lighter' | 'Default' | 'Bolder';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

interface ElementBase {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
  isVisible?: boolean;
}

/** Text the bot writes itself. Teams reads TextBlock text as markdown, so people's words never go here. */
export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: TextSize;
  weight?: TextWeight;
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'default' | 'heading';
  maxLines?: number;
}

/** A run of text shown as written: the schema says TextRun does not support markdown. */
export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: TextWeight;
  color?: TextColor;
  size?: TextSize;
  isSubtle?: boolean;
  italic?: boolean;
}

export interface RichTextBlock extends ElementBase {
  type: 'RichTextBlock';
  inlines: TextRun[];
}

export interface Column {
  type: 'Column';
  items: CardElement[];
  width?: 'auto' | 'stretch' | number | `${number}px`;
  verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
  spacing?: Spacing;
}

export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns: Column[];
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
}

export interface Choice {
  title: string;
  value: string;
}

interface InputBase extends ElementBase {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface TextInput extends InputBase {
  type: 'Input.Text';
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

/** A date picker; its value is YYYY-MM-DD (adaptivecards.io/explorer/Input.Date.html). */
export interface DateInput extends InputBase {
  type: 'Input.Date';
  value?: string;
  min?: string;
  max?: string;
}

export interface ChoiceSetInput extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  value?: string;
  style?: 'compact' | 'expanded';
}

/** Labels and values the bot writes itself, such as counts: Teams reads both as markdown, so people's words never go here. */
export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardAction[];
}

export type CardElement = TextBlock | RichTextBlock | ColumnSet | Container | FactSet | TextInput | DateInput | ChoiceSetInput | ActionSet;

/** Data an Action.Execute carries back: JSON only. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Universal Actions' button: Teams sends an `adaptiveCard/action` invoke with verb and data, the
 * inputs merged into data (learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model,
 * "Action.Execute" and "Request format"). `associatedInputs: 'none'` sends no inputs and skips their
 * validation, so "Mark complete" works with the update box empty.
 */
export interface ExecuteAction {
  type: 'Action.Execute';
  title?: string;
  verb: string;
  data?: { [key: string]: JsonValue };
  style?: 'default' | 'positive' | 'destructive';
  associatedInputs?: 'auto' | 'none';
  tooltip?: string;
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: AdaptiveCard;
  tooltip?: string;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = ExecuteAction | ShowCardAction | OpenUrlAction;

/**
 * Refresh: Teams runs the action automatically for the users listed (user MRIs, at most 60), and
 * offers a manual refresh to anyone else ("User IDs in refresh", work-with-universal-actions page).
 */
export interface Refresh {
  action: ExecuteAction;
  userIds: string[];
}

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: Refresh;
  /** Teams' own extension: a card as wide as the chat, for action text that runs to paragraphs. */
  msteams?: { width: 'Full' };
  fallbackText?: string;
}

/** The most users Teams refreshes a card for automatically. */
export const MAX_REFRESH_USER_IDS = 60;

/**
 * A full-width card that Teams refreshes for the users named when they open it (Universal Actions'
 * refresh): the envelope every card with answers shares.
 */
export function refreshingCard(body: CardElement[], refresh: Refresh, fallbackText: string): AdaptiveCard {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, refresh, msteams: { width: 'Full' }, fallbackText };
}

/**
 * Who a card returned for a button refreshes for: the ids the card carries (only its refresh carries
 * them), else the person who pressed.
 */
export function refreshUserIds(carried: readonly string[], presser: string | null | undefined): string[] {
  if (carried.length > 0) return [...carried];
  return presser ? [presser] : [];
}
