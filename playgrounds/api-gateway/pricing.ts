/**
 * pricing.ts: Amazon API Gateway request prices in us-east-1, as the article's pricing section
 * states them (Amazon API Gateway pricing page; AWS What's New, 8 November 2018, "API Gateway
 * announces tiered pricing", for the lowest REST tier of $1.51).
 *
 * - REST APIs: $3.50 per million requests for the first 333 million a month, $2.80 for the next
 *   667 million, $2.38 for the next 19 billion, $1.51 above 20 billion.
 * - HTTP APIs: $1.00 per million for the first 300 million a month, $0.90 above, and requests
 *   are metered in 512 KB increments: a request carrying 513 KB counts as two, 1.6 MB as four.
 * - Data transfer, caching, CloudWatch metrics and the free tier are left out.
 *
 * Money is integer: requests times cents per million is in units of 10^-8 dollars, exact.
 */

export interface Tier {
  /** The tier ends at this many requests a month (cumulative); undefined: no end. */
  upTo: number | undefined;
  /** Price in cents per million requests. */
  centsPerMillion: number;
}

export const REST_TIERS: readonly Tier[] = [
  { upTo: 333_000_000, centsPerMillion: 350 },
  { upTo: 1_000_000_000, centsPerMillion: 280 },
  { upTo: 20_000_000_000, centsPerMillion: 238 },
  { upTo: undefined, centsPerMillion: 151 },
];

export const HTTP_TIERS: readonly Tier[] = [
  { upTo: 300_000_000, centsPerMillion: 100 },
  { upTo: undefined, centsPerMillion: 90 },
];

/** HTTP APIs meter a request per started 512 KB of its payload. */
export const HTTP_METERING_BYTES = 512 * 1024;

/** How many requests an HTTP API bills for one request of this many bytes (at least one). */
export function httpUnits(requestBytes: number): number {
  return Math.max(1, Math.ceil(requestBytes / HTTP_METERING_BYTES));
}

/** The month's price of `requests` billed requests, in 10^-8 dollars, tier by tier. */
export function tieredCost(requests: number, tiers: readonly Tier[]): number {
  let cost = 0;
  let from = 0;
  for (const tier of tiers) {
    const to = tier.upTo === undefined ? requests : Math.min(requests, tier.upTo);
    if (to > from) cost += (to - from) * tier.centsPerMillion;
    if (tier.upTo === undefined || requests <= tier.upTo) break;
    from = tier.upTo;
  }
  return cost;
}

/** A month of traffic: groups of requests of one payload size. */
export interface Traffic {
  name: string;
  classes: ReadonlyArray<{ requests: number; requestBytes: number }>;
}

export interface Bill {
  requests: number;
  /** What the HTTP API meters: requests times their 512 KB increments. */
  httpUnits: number;
  /** In 10^-8 dollars. */
  http: number;
  rest: number;
}

export function bill(traffic: Traffic): Bill {
  let requests = 0;
  let units = 0;
  for (const c of traffic.classes) {
    requests += c.requests;
    units += c.requests * httpUnits(c.requestBytes);
  }
  return { requests, httpUnits: units, http: tieredCost(units, HTTP_TIERS), rest: tieredCost(requests, REST_TIERS) };
}

/** 236_280_000_000 (10^-8 dollars) -> "$2,362.80", rounded to the cent, half up. */
export function formatDollars(cost: number): string {
  const cents = Math.floor((cost + 500_000) / 1_000_000);
  const dollars = Math.floor(cents / 100);
  return `$${String(dollars).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(cents % 100).padStart(2, '0')}`;
}
