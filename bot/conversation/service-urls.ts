import { isLoopback } from '../../src/config/app-config.js';

/*
 * Which serviceUrls the bot answers. The bot posts its replies (and, for a stored conversation, later
 * reminders naming a lead's actions) to the serviceUrl an activity names, so an activity that names
 * somebody else's server would make the bot send plan content there.
 */

/**
 * Where the Microsoft 365 Agents Playground serves its stand-in connector: `http://localhost:<port>/_connector`,
 * port 56150 unless told otherwise or taken, when it falls back to a free one (the CLI's --port and
 * --service-url help in @microsoft/m365agentsplayground 0.2.28).
 */
export const AGENTS_PLAYGROUND_SERVICE_URL = 'http://localhost:56150/_connector';

/**
 * The Bot Connector for Teams, by cloud. Commercial: smba.trafficmanager.net, with a regional or
 * tenant path Teams chooses (https://smba.trafficmanager.net/teams/ is the global one: "API reference
 * - Bot Connector service", Base URI, learn.microsoft.com/azure/bot-service/rest-api/
 * bot-framework-rest-connector-api-reference; Teams' example activities come from regional paths
 * such as https://smba.trafficmanager.net/amer/, and Multi-Geo tenants may see several: "Updates for
 * Microsoft Teams bots in Multi-Geo environments", devblogs.microsoft.com/microsoft365dev).
 * Government: GCC smba.infra.gcc.teams.microsoft.com and GCC High smba.infra.gov.teams.microsoft.us
 * ("Send proactive messages", learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/
 * send-proactive-messages), DoD smba.infra.dod.teams.microsoft.us (TeamsServiceEndpoints of the
 * Microsoft 365 Agents SDK, learn.microsoft.com/dotnet/api/microsoft.agents.extensions.teams.
 * teamsproactiveserviceendpoints). Every path on these hosts, over https only.
 */
export const TEAMS_SERVICE_URLS: readonly string[] = [
  'https://smba.trafficmanager.net/',
  'https://smba.infra.gcc.teams.microsoft.com/',
  'https://smba.infra.gov.teams.microsoft.us/',
  'https://smba.infra.dod.teams.microsoft.us/',
];

function parse(value: string): URL | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // Credentials in a serviceUrl would be sent along with the bot's replies; no connector needs them.
    if (url.username !== '' || url.password !== '') return null;
    return url;
  } catch {
    return null;
  }
}

/** Whether `value` is an http(s) URL the allow-list can hold: used to check PLAN_BOT_SERVICE_URLS. */
export function isServiceUrlPrefix(value: string): boolean {
  return parse(value) !== null;
}

/** Same scheme, host and port, and a path under the entry's (whole segments: /_connector does not take /_connector-evil). */
function under(url: URL, entry: URL): boolean {
  if (url.protocol !== entry.protocol || url.host !== entry.host) return false;
  const base = entry.pathname.endsWith('/') ? entry.pathname : `${entry.pathname}/`;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return path.startsWith(base);
}

/** Whether a serviceUrl is on this machine (http or https, a loopback name or address, whatever the port). */
export function isLoopbackServiceUrl(serviceUrl: string): boolean {
  const url = parse(serviceUrl);
  return url !== null && isLoopback(url.hostname.replace(/^\[|\]$/g, ''));
}

export interface ServiceUrlAllowList {
  allows(serviceUrl: string): boolean;
  /** For the refusal's message: what is allowed, and how to allow more. */
  readonly description: string;
}

function prefixes(entries: readonly string[]): (serviceUrl: string) => boolean {
  const parsed = entries.map(parse).filter((u): u is URL => u !== null);
  return (serviceUrl) => {
    const url = parse(serviceUrl);
    return url !== null && parsed.some((entry) => under(url, entry));
  };
}

/**
 * Local mode (no bot registration, nothing signs activities): by default this machine, where the
 * Agents Playground's connector is; PLAN_BOT_SERVICE_URLS, when set, is the whole list instead (to
 * answer the Playground only, say).
 */
export function localServiceUrls(configured: readonly string[] | null): ServiceUrlAllowList {
  if (configured === null) {
    return {
      allows: isLoopbackServiceUrl,
      description: `a serviceUrl on this machine (the Agents Playground's, ${AGENTS_PLAYGROUND_SERVICE_URL} by default); PLAN_BOT_SERVICE_URLS sets the list`,
    };
  }
  return { allows: prefixes(configured), description: `a serviceUrl under ${configured.join(', ')} (PLAN_BOT_SERVICE_URLS)` };
}

/** A registered bot: the Bot Connector for Teams in each cloud, and PLAN_BOT_SERVICE_URLS besides. */
export function registeredServiceUrls(configured: readonly string[] | null): ServiceUrlAllowList {
  const all = [...TEAMS_SERVICE_URLS, ...(configured ?? [])];
  return { allows: prefixes(all), description: `a serviceUrl of the Bot Connector for Teams (${TEAMS_SERVICE_URLS.join(', ')}) or one PLAN_BOT_SERVICE_URLS adds` };
}
