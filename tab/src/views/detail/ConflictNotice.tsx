import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Action } from '../../../../src/plan/plan.js';
import { actionSchema } from '../../api/api-schemas.js';
import { RagBadge } from '../RagBadge.js';

/** The action as the server has it now, from a 409's body, when that body is an action. */
export function currentFromConflict(current: unknown): Pick<Action, 'rag' | 'version' | 'timescale'> | null {
  const parsed = actionSchema.safeParse(current);
  return parsed.success ? (parsed.data as unknown as Action) : null;
}

/** Someone else changed the action first: say so, show what it is now, and overwrite nothing. */
export function ConflictNotice({ current, onReload }: { current: Pick<Action, 'rag' | 'timescale'> | null; onReload: () => void }) {
  return (
    <div role="alert">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Changed by someone else</MessageBarTitle>
          Since you opened this action, someone else changed it. Nothing you entered was saved and nothing of theirs was overwritten.
          {current !== null && (
            <>
              {' '}It now has RAG <RagBadge rag={current.rag} size="small" /> and timescale “{current.timescale.asWritten}”.
            </>
          )}{' '}
          Load the current version, check it, then submit again.
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={onReload}>Load the current version</Button>
        </MessageBarActions>
      </MessageBar>
    </div>
  );
}
