import type { LeadReach } from '../delivery/lead-reach.js';
import type { ProactiveSender } from '../delivery/proactive-sender.js';
import type { PlanChannels } from '../../src/service/channel-digest.js';
import type { EmailDelivery } from './lead-delivery.js';
import type { LeadFeed } from './feed-delivery.js';

/**
 * What a sweep does once it knows who is due: send (claiming each reminder first, through one
 * sender and one LeadReach for the process), or a dry run that claims and sends nothing and says
 * what would happen.
 */
export type SweepMode =
  | {
      kind: 'dry-run';
      /** Whether a lead with no chat would get the app installed through Graph. */
      canInstall: boolean;
    }
  | {
      kind: 'send';
      sender: ProactiveSender;
      reach: LeadReach;
      /** The teams the bot is in, for the plans' scheduled channel digests; absent, none is posted. */
      channels?: PlanChannels;
      /** The shared mailbox and the signed links, for leads with no account; absent, they are listed as unreachable. */
      email?: EmailDelivery;
      /** Teams' activity feed, for plans that tell their leads through it; absent, every lead gets the card. */
      feed?: LeadFeed;
    };

export type Delivery = Extract<SweepMode, { kind: 'send' }>;
