import { useState } from 'react';
import type { ApiError } from '../../api/api-error.js';
import { asApiError } from '../../plan/use-plan-data.js';

export interface Submission {
  busy: boolean;
  failure: ApiError | null;
  /** What the last successful submission said, for the status line. */
  done: string;
  clearFailure: () => void;
  clearDone: () => void;
  /** Runs a submission: busy while it runs, its message on success, the API error kept on failure. */
  run: (send: () => Promise<string>) => Promise<void>;
}

/** The state every form of the detail shares around one request to the API. */
export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState('');
  return {
    busy,
    failure,
    done,
    clearFailure: () => setFailure(null),
    clearDone: () => setDone(''),
    run: async (send) => {
      setBusy(true);
      setFailure(null);
      try {
        setDone(await send());
      } catch (error) {
        setFailure(asApiError(error));
      } finally {
        setBusy(false);
      }
    },
  };
}
