import { z } from 'zod';
import type { Clock } from '../../src/config/today.js';
import type { StoredConversationReference } from '../../src/store/conversation-reference.js';
import type { ConversationReferenceStore } from '../../src/store/conversation-reference.js';
import { InstallError, type AppInstaller } from './app-installer.js';
import type { ConversationTarget, ProactiveSender } from './proactive-sender.js';

/**
 * Where the Bot Connector is when no stored conversation says: "If you don't have a service URL
 * for the channel, use https://smba.trafficmanager.net/teams/" (Bot Connector API reference, Base URI).
 */
export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

/** A person the bot can message: the conversation, and their Teams user id when known (for the card's refresh). */
export interface Address {
  userId: string;
  target: ConversationTarget;
  /** "29:..." from the stored reference; null for a chat found through Graph. */
  userMri: string | null;
  source: 'stored' | 'installed' | 'created';
}

export type Reach = { kind: 'reached'; address: Address } | { kind: 'unreachable'; reason: string };

export interface LeadReachOptions {
  store: ConversationReferenceStore;
  sender: ProactiveSender;
  /** Installs the app through Graph for people without a chat; null when not configured. */
  installer: AppInstaller | null;
  /** The bot's app id ("28:<id>" in Teams); empty in local mode. */
  botId: string;
  /** The tenant, for a conversation created through the Bot Connector. */
  tenantId: string | null;
  /** For conversations not stored yet; by default the newest stored one's, else Teams' global one. */
  serviceUrl?: string;
  clock: Clock;
}

const referenceUser = z.object({ user: z.object({ id: z.string() }).loose() }).loose();

function mriOf(reference: StoredConversationReference): string | null {
  const parsed = referenceUser.safeParse(reference.reference);
  return parsed.success && parsed.data.user.id.startsWith('29:') ? parsed.data.user.id : null;
}

/**
 * Finds the conversation a lead's reminders go to: the one stored when they installed or messaged
 * the bot; else the app is installed for them through Graph and its chat used; else, without Graph,
 * a conversation is created through the Bot Connector (which works when an admin policy installed
 * the app). What fails is a reason, for the summary's unreachable list.
 */
export class LeadReach {
  private newest: { serviceUrl: string; at: number } | null = null;

  constructor(private readonly options: LeadReachOptions) {}

  /** The person's usable conversation, or a new one. */
  async resolve(userId: string, displayName: string): Promise<Reach> {
    const stored = await this.options.store.getConversationReference(userId);
    if (stored && stored.uninstalledAt === undefined) {
      return { kind: 'reached', address: { userId, target: { serviceUrl: stored.serviceUrl, conversationId: stored.conversationId }, userMri: mriOf(stored), source: 'stored' } };
    }
    return this.establish(userId, displayName, stored ? 'uninstalled the app' : 'never opened the bot');
  }

  /**
   * The stored conversation answered 403/404: marked unusable, then the app installed once more (or
   * a conversation created). The caller sends once more and never loops.
   */
  async recover(address: Address, displayName: string, code: string): Promise<Reach> {
    const stored = await this.options.store.getConversationReference(address.userId);
    const now = this.options.clock().toISOString();
    if (stored && stored.conversationId === address.target.conversationId && stored.uninstalledAt === undefined) {
      await this.options.store.saveConversationReference({ ...stored, uninstalledAt: now, updatedAt: now });
    }
    const reach = await this.establish(address.userId, displayName, `their chat answered ${code}`);
    return reach;
  }

  private async establish(userId: string, displayName: string, why: string): Promise<Reach> {
    const { installer, tenantId, botId, sender } = this.options;
    const serviceUrl = await this.defaultServiceUrl();
    if (installer) {
      try {
        const { chatId } = await installer.installFor(userId);
        return { kind: 'reached', address: { userId, target: { serviceUrl, conversationId: chatId }, userMri: null, source: 'installed' } };
      } catch (error) {
        if (!(error instanceof InstallError)) throw error;
        return { kind: 'unreachable', reason: `${why}, and installing the app for them failed (${error.message})` };
      }
    }
    if (!tenantId) return { kind: 'unreachable', reason: `${why}, and the app cannot be installed for them (set PLAN_TEAMS_CATALOG_APP_ID and GRAPH_TENANT_ID)` };
    const created = await sender.createConversation(serviceUrl, {
      isGroup: false,
      bot: { id: `28:${botId}` },
      members: [{ id: userId }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    });
    if (created.kind !== 'created') {
      return { kind: 'unreachable', reason: `${why}, and the Bot Connector would not open a chat with them (${created.status} ${created.code}; installing the app through Graph needs PLAN_TEAMS_CATALOG_APP_ID)` };
    }
    return { kind: 'reached', address: { userId, target: { serviceUrl, conversationId: created.conversationId }, userMri: null, source: 'created' } };
  }

  /**
   * A chat that worked (a card went through it), kept for the next sweep unless the bot stored a
   * better reference (from the installationUpdate) meanwhile. Only after a send: a chat that
   * answered 404 again is not worth keeping.
   */
  async remember(address: Address, displayName: string): Promise<void> {
    if (address.source === 'stored') return;
    const { store, tenantId, botId, clock } = this.options;
    const { userId } = address;
    const { conversationId, serviceUrl } = address.target;
    const current = await store.getConversationReference(userId);
    if (current && current.uninstalledAt === undefined) return;
    await store.saveConversationReference({
      userId,
      userName: displayName,
      tenantId,
      conversationId,
      serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id: conversationId, conversationType: 'personal', ...(tenantId && { tenantId }) },
        bot: { id: `28:${botId}` },
        user: { aadObjectId: userId },
      },
      updatedAt: clock().toISOString(),
    });
  }

  /** Looked up at most every ten minutes: a sweep may open many chats, and a long-running server sees references change. */
  private async defaultServiceUrl(): Promise<string> {
    if (this.options.serviceUrl) return this.options.serviceUrl;
    const now = this.options.clock().getTime();
    if (this.newest === null || now - this.newest.at > 10 * 60 * 1000) {
      const newest = (await this.options.store.listConversationReferences()).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
      this.newest = { serviceUrl: newest?.serviceUrl ?? DEFAULT_TEAMS_SERVICE_URL, at: now };
    }
    return this.newest.serviceUrl;
  }
}
