/** The guide's topics, in the order the home page shows them. */
export const TOPICS = [
  {
    id: 'go-concurrency',
    title: 'Go concurrency',
    blurb: 'errgroup, singleflight and semaphores: the golang.org/x/sync tools for fan-out, fail-fast and bounded work.',
  },
  {
    id: 'go-runtime',
    title: 'The Go runtime',
    blurb: 'The scheduler and g0, run queues and work stealing, execution traces, and how the GC paces the heap.',
  },
  {
    id: 'resilient-apis',
    title: 'Resilient API platforms',
    blurb: 'Circuit breakers, caches, throttling and degradation, and what API Gateway gives you for them.',
  },
  {
    id: 'data-systems',
    title: 'Cloud data systems',
    blurb: 'DynamoDB single-table design and Z-order keys, Spanner internals, Athena over logs, event sourcing at Grab.',
  },
  {
    id: 'projects-and-learning',
    title: 'Projects and learning paths',
    blurb: 'A BitTorrent client built from the wire protocol up, and a map through machine-learning tutorials.',
  },
] as const;

export type TopicId = (typeof TOPICS)[number]['id'];
export const TOPIC_IDS = TOPICS.map((topic) => topic.id) as [TopicId, ...TopicId[]];

export function topicTitle(id: TopicId): string {
  return TOPICS.find((topic) => topic.id === id)?.title ?? id;
}
