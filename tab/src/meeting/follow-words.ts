import type { MeetingPerson, WalkThroughSnapshot } from './live-walk-through.js';

/** How a person stands in the walk-through, in words (never by colour or icon alone). */
export function personWords(person: MeetingPerson, someonePresents: boolean): string {
  const standing = person.presenting
    ? 'presenting'
    : !person.onStage
      ? 'side panel'
      : !someonePresents
        ? 'on the stage'
        : person.lookingAhead
          ? 'looking ahead'
          : 'following';
  return `${person.name}${person.me ? ' (you)' : ''}: ${standing}`;
}

/** The line that says who drives the stage and where this window stands. */
export function followStatus(snapshot: WalkThroughSnapshot): string {
  const followers = snapshot.people.filter((p) => !p.presenting && p.onStage && !p.lookingAhead).length;
  const ahead = snapshot.people.filter((p) => !p.presenting && p.onStage && p.lookingAhead).length;
  const counts = `${followers} following${ahead > 0 ? `, ${ahead} looking ahead` : ''}`;
  switch (snapshot.mode) {
    case 'presenting':
      return `You are presenting · ${counts}`;
    case 'following':
      return `Following ${snapshot.presenter?.name ?? 'the presenter'}`;
    case 'looking-ahead':
      return `Looking ahead on your own · ${snapshot.presenter?.name ?? 'The presenter'} is elsewhere`;
    case 'alone':
      return 'Nobody is presenting: each person moves on their own';
  }
}
