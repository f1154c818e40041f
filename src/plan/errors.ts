/**
 * The product's error catalogue: one code per thing that can go wrong, each with the HTTP status
 * the API answers with. A typo in a code does not compile.
 */
export const ERROR_CODES = {
  plan_not_found: { status: 404 },
  action_not_found: { status: 404 },
  version_conflict: { status: 409 },
  key_reused: { status: 409 },
  invalid_input: { status: 400 },
  not_plan_owner: { status: 403 },
  /** The person may read the plan but not change it (SharePoint gives them read only). */
  may_not_edit: { status: 403 },
  /** The person asking to post in a meeting chat is not one of its members. */
  not_in_chat: { status: 403 },
  /** The bot was never added to the meeting chat named, so it cannot post there. */
  bot_not_in_chat: { status: 409 },
  /** The person linking a plan to a channel is not a member of its team. */
  not_in_team: { status: 403 },
  /** The bot was never added to the team of the channel named, so it cannot post there. */
  bot_not_in_team: { status: 409 },
  /** The plan posts its digest to no channel yet. */
  no_channel: { status: 409 },
  import_unknown_format: { status: 415 },
  import_file_too_large: { status: 413 },
  plan_too_large: { status: 413 },
  import_unreadable_file: { status: 422 },
  import_no_plan_table: { status: 422 },
  import_no_header: { status: 422 },
  import_unsafe_content: { status: 422 },
  import_unknown_colour: { status: 422 },
  title_clash: { status: 409 },
  store_failure: { status: 500 },
} as const satisfies Record<string, { status: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where in a source document something was found: "plan.docx, table 2, row 5". */
export interface SourceLocation {
  file?: string;
  line?: number;
  /** Worksheet of an Excel workbook. */
  sheet?: string;
  /** Part of a Word or Excel package ("word/document.xml"). */
  part?: string;
  table?: number;
  row?: number;
  column?: string;
  ref?: string;
}

export function describeLocation(at: SourceLocation): string {
  const parts: string[] = [];
  if (at.file) parts.push(at.file);
  if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.part !== undefined) parts.push(`part ${at.part}`);
  if (at.sheet !== undefined) parts.push(`sheet "${at.sheet}"`);
  if (at.table !== undefined) parts.push(`table ${at.table}`);
  if (at.row !== undefined) parts.push(`row ${at.row}`);
  if (at.ref) parts.push(`action ${at.ref}`);
  if (at.column) parts.push(`column "${at.column}"`);
  return parts.join(', ');
}

export class PlanError extends Error {
  readonly code: ErrorCode;
  readonly at: SourceLocation | null;

  constructor(code: ErrorCode, message: string, options: { at?: SourceLocation; cause?: unknown } = {}) {
    const where = options.at ? describeLocation(options.at) : '';
    super(where ? `${where}: ${message}` : message, { cause: options.cause });
    this.name = 'PlanError';
    this.code = code;
    this.at = options.at ?? null;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

/** A change made with a stale version: carries the current state so the caller can show it. */
export class VersionConflictError<T> extends PlanError {
  readonly current: T;

  constructor(message: string, current: T) {
    super('version_conflict', message);
    this.name = 'VersionConflictError';
    this.current = current;
  }
}

/** The conflict of a change asked from a version the action is no longer at, with the action as it is now. */
export function staleVersionError<T extends { ref: string; version: string }>(current: T, expectedVersion: string): VersionConflictError<T> {
  return new VersionConflictError(`action ${current.ref} was changed by someone else (version ${current.version}, not ${expectedVersion}); reload it and try again`, current);
}
