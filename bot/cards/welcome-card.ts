import type { AdaptiveCard, CardElement } from './adaptive-card.js';

function bullet(text: string): CardElement {
  return { type: 'TextBlock', text: `- ${text}`, wrap: true, spacing: 'Small' };
}

/** What a lead sees when the app is installed for them: what the bot does and what to type. */
export function welcomeCard(): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      {
        type: 'Container',
        style: 'emphasis',
        bleed: true,
        items: [
          { type: 'TextBlock', text: 'Action plan reminders', style: 'heading', size: 'Large', weight: 'Bolder', wrap: true },
          { type: 'TextBlock', text: 'For the actions you lead in your partnership’s action plans', isSubtle: true, wrap: true, spacing: 'None' },
        ],
      },
      {
        type: 'TextBlock',
        wrap: true,
        spacing: 'Medium',
        text: 'I will message you here when an action you lead is due soon, is overdue, is due its regular update, or has had no update for a while. All your actions that need an update come in one card.',
      },
      { type: 'TextBlock', text: 'Answer on the card', weight: 'Bolder', wrap: true, spacing: 'Medium' },
      bullet('**Record update**: a short note of progress, the RAG status, and a new timescale if it has moved.'),
      bullet('**Mark complete** when the action is done, saying what difference it made.'),
      bullet('**Remind me in a week** if you cannot answer yet. Nothing is recorded.'),
      {
        type: 'TextBlock',
        wrap: true,
        spacing: 'Small',
        text: 'Your answer is added to the action’s history as a dated update under your name, for the group to see at its next meeting. Only an action’s leads can update it.',
      },
      { type: 'TextBlock', text: 'Or type', weight: 'Bolder', wrap: true, spacing: 'Medium' },
      bullet('**my actions**: your open actions and when they are due'),
      bullet('an action number and your update, such as **1.4 training delivered to 300 officers**'),
      bullet('**complete** and an action number with what difference it made, such as **complete 1.4: every school has a named CSE lead**'),
      bullet('**help**: this message again'),
    ],
    msteams: { width: 'Full' },
    fallbackText: 'Action plan reminders: I will remind you about the actions you lead. Type "my actions" or "help".',
  };
}
