import { importJWK } from 'jose';
import { z } from 'zod';

/**
 * The Bot Connector's signing keys, found through its OpenID metadata, with each key's
 * `endorsements` (the channel ids it may sign for), which jose's JWKS helpers drop. Per "Authentication
 * with the Bot Connector API" (bot-framework-rest-connector-authentication), connector to bot,
 * steps 2 and 3: the metadata URL is static, its jwks_uri lists the keys, and the list "may be
 * cached for long periods" (the SDK: days). We refresh daily, and early when a token names a key we
 * do not know, at most once per cooldown so that forged kids cannot make us hammer the endpoint.
 */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

export interface BotSigningKey {
  key: CryptoKey;
  endorsements: string[];
}

export interface BotSigningKeys {
  /** The key with this id, or null if the Bot Connector does not publish one. */
  find(kid: string): Promise<BotSigningKey | null>;
}

export class BotKeysUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BotKeysUnavailableError';
  }
}

export interface BotSigningKeysOptions {
  openIdMetadataUrl?: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  now?: () => number;
  refreshAfterMs?: number;
  unknownKeyCooldownMs?: number;
  timeoutMs?: number;
}

const metadataSchema = z.object({ jwks_uri: z.string().url() });
const keySetSchema = z.object({
  keys: z.array(
    z.looseObject({
      kid: z.string().min(1),
      kty: z.string(),
      n: z.string().optional(),
      e: z.string().optional(),
      endorsements: z.array(z.string()).optional(),
    }),
  ),
});

interface KeySnapshot {
  keys: Map<string, BotSigningKey>;
  fetchedAt: number;
}

export function createBotSigningKeys(options: BotSigningKeysOptions = {}): BotSigningKeys {
  const metadataUrl = options.openIdMetadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL;
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? (() => Date.now());
  const refreshAfter = options.refreshAfterMs ?? 24 * 60 * 60 * 1000;
  const cooldown = options.unknownKeyCooldownMs ?? 5 * 60 * 1000;
  const timeout = options.timeoutMs ?? 5000;
  const maxStale = 5 * 24 * 60 * 60 * 1000;
  let snapshot: KeySnapshot | null = null;
  let inFlight: Promise<KeySnapshot> | null = null;
  let lastAttempt = Number.NEGATIVE_INFINITY;

  async function getJson(url: string, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: AbortSignal.timeout(timeout), headers: { accept: 'application/json' } });
    } catch (error) {
      throw new BotKeysUnavailableError(`Could not reach the Bot Framework ${what} at ${url}`, { cause: error });
    }
    if (response.status !== 200) throw new BotKeysUnavailableError(`The Bot Framework ${what} at ${url} answered ${response.status}`);
    try {
      return await response.json();
    } catch (error) {
      throw new BotKeysUnavailableError(`The Bot Framework ${what} at ${url} is not JSON`, { cause: error });
    }
  }

  async function load(): Promise<KeySnapshot> {
    const metadata = metadataSchema.safeParse(await getJson(metadataUrl, 'OpenID metadata'));
    if (!metadata.success) throw new BotKeysUnavailableError(`The Bot Framework OpenID metadata at ${metadataUrl} has no jwks_uri`);
    const keySet = keySetSchema.safeParse(await getJson(metadata.data.jwks_uri, 'signing keys'));
    if (!keySet.success) throw new BotKeysUnavailableError(`The Bot Framework signing keys at ${metadata.data.jwks_uri} are not a key set`);
    const keys = new Map<string, BotSigningKey>();
    for (const jwk of keySet.data.keys) {
      if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) continue;
      const key = await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'RS256');
      if (key instanceof Uint8Array) continue;
      keys.set(jwk.kid, { key, endorsements: jwk.endorsements ?? [] });
    }
    return { keys, fetchedAt: now() };
  }

  function refresh(): Promise<KeySnapshot> {
    if (!inFlight) {
      lastAttempt = now();
      inFlight = load()
        .then((loaded) => (snapshot = loaded))
        .finally(() => {
          inFlight = null;
        });
    }
    return inFlight;
  }

  /**
   * Refreshes unless one was tried within the cooldown. A failed refresh falls back to keys fetched
   * within the SDK's five days; without such keys, it fails.
   */
  async function refreshOrKeep(): Promise<KeySnapshot> {
    const usable = snapshot && now() - snapshot.fetchedAt < maxStale ? snapshot : null;
    if (usable && now() - lastAttempt < cooldown) return usable;
    try {
      return await refresh();
    } catch (error) {
      if (usable) return usable;
      throw error;
    }
  }

  return {
    async find(kid) {
      let current = snapshot && now() - snapshot.fetchedAt < refreshAfter ? snapshot : await refreshOrKeep();
      if (!current.keys.has(kid)) current = await refreshOrKeep();
      return current.keys.get(kid) ?? null;
    },
  };
}
