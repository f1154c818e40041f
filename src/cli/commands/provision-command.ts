import { describeProvisioning, provisionPlanSite, type ProvisionStep } from '../../store/sharepoint/provisioning.js';
import { siteArgument, type SharePointConfig } from '../../store/sharepoint/sharepoint-config.js';
import type { ConnectionOptions } from '../../store/sharepoint/site-connection.js';
import { explainSharePointFailure } from '../sharepoint-failure.js';
import { describeTally, openSharePointSession } from '../sharepoint-session.js';

export interface ProvisionOptions {
  site?: string;
  json?: boolean;
}

export interface CommandResult {
  output: string;
  exitCode: number;
}

/**
 * Makes the site ready for plans: lists, columns, indexes, views. Safe to run again: a second run
 * changes nothing and says so. A list of the same name that is not ours is reported and left
 * alone, and the command ends non-zero so a deployment script stops there.
 */
export async function provisionCommand(options: ProvisionOptions, config: SharePointConfig, stderr: NodeJS.WritableStream, connection: ConnectionOptions = {}): Promise<CommandResult> {
  const session = await openSharePointSession(config, connection);
  stderr.write(`Provisioning ${session.site.siteUrl}\n`);
  let report;
  try {
    report = await provisionPlanSite({
      http: session.site.http,
      site: siteArgument(session.config.site),
      onProgress: (step: ProvisionStep, done, total) => stderr.write(`  [${done}/${total}] ${step.status} ${step.kind} ${step.name}\n`),
    });
  } catch (error) {
    throw explainSharePointFailure(error);
  }
  const exitCode = report.conflicts.length > 0 ? 1 : 0;
  if (options.json) return { output: JSON.stringify(report, null, 2), exitCode };
  return { output: `${describeProvisioning(report)}\n(${describeTally(session.tally)})`, exitCode };
}
