import type { AzureLocalConnectionConfig } from '@fluidframework/azure-client';
import type { ILiveShareHost } from '@microsoft/live-share';

/**
 * What Live Share needs to join a meeting's session: in Teams, teams-js's LiveShareHost (Azure
 * Fluid Relay, the meeting's container, people's names and roles); in a simulated meeting, the
 * local server's stand-in and the local Fluid service's address.
 */
export interface LiveShareSetup {
  host: ILiveShareHost;
  /** Only for a local Fluid service; Teams names its own. */
  connection?: AzureLocalConnectionConfig;
}
