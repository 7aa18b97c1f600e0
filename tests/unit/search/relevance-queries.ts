/**
 * Queries a reader would type, written from the articles in content/articles/, with the article (and,
 * where the query names a section, the heading id) a reader expects to land on. Grows with the content.
 *
 * kind: exact (correct words), prefix (the last word still being typed), typo (one or two letters wrong,
 * missing, doubled or swapped), question (what a reader types as a sentence: "how do I …").
 * Multi-word queries are any kind with more than one word.
 */
export interface RelevanceQuery {
  q: string;
  kind: 'exact' | 'prefix' | 'typo' | 'question';
  article: string;
  heading?: string;
}

export const RELEVANCE_QUERIES: RelevanceQuery[] = [
  // advanced-go-concurrency
  { q: 'singleflight forget', kind: 'exact', article: 'advanced-go-concurrency', heading: 'forget-and-why-singleflight-is-not-a-cache' },
  { q: 'DoChan', kind: 'exact', article: 'advanced-go-concurrency', heading: 'stop-waiting-with-dochan' },
  { q: 'weighted semaphore', kind: 'exact', article: 'advanced-go-concurrency', heading: 'weighted-semaphores-bound-work-by-cost' },
  { q: 'head-of-line blocking', kind: 'exact', article: 'advanced-go-concurrency', heading: 'fifo-and-head-of-line-blocking' },
  { q: 'singleflight panic leader', kind: 'exact', article: 'advanced-go-concurrency', heading: 'errors-panics-and-the-leaders-context' },
  { q: 'weighted semap', kind: 'prefix', article: 'advanced-go-concurrency', heading: 'weighted-semaphores-bound-work-by-cost' },
  { q: 'singelflight forget', kind: 'typo', article: 'advanced-go-concurrency', heading: 'forget-and-why-singleflight-is-not-a-cache' },
  { q: 'semaphroe fifo', kind: 'typo', article: 'advanced-go-concurrency', heading: 'fifo-and-head-of-line-blocking' },
  { q: 'TryAcquire', kind: 'exact', article: 'advanced-go-concurrency' },

  // errgroup-package
  { q: 'errgroup setlimit', kind: 'exact', article: 'errgroup-package', heading: 'bounded-concurrency-with-setlimit-and-trygo' },
  { q: 'WithContext first failure', kind: 'exact', article: 'errgroup-package', heading: 'withcontext-the-first-failure-stops-the-rest' },
  { q: 'channel overhead', kind: 'exact', article: 'errgroup-package', heading: 'is-the-channel-overhead-worth-worrying-about' },
  { q: 'errgroup pipel', kind: 'prefix', article: 'errgroup-package' },
  { q: 'errgruop withcontext', kind: 'typo', article: 'errgroup-package', heading: 'withcontext-the-first-failure-stops-the-rest' },
  { q: 'waitgrop', kind: 'typo', article: 'errgroup-package' },

  // g0-special-goroutine
  { q: 'g0 stack size', kind: 'exact', article: 'g0-special-goroutine', heading: 'how-big-is-g0s-stack' },
  { q: 'mcall systemstack', kind: 'exact', article: 'g0-special-goroutine', heading: 'switching-to-g0-mcall-and-systemstack' },
  { q: 'gsignal', kind: 'exact', article: 'g0-special-goroutine', heading: 'gsignal-the-other-system-stack' },
  { q: 'morestack', kind: 'exact', article: 'g0-special-goroutine', heading: 'growing-stacks' },
  { q: 'defer panic recover', kind: 'exact', article: 'g0-special-goroutine', heading: 'defer-panic-and-recover' },
  { q: 'systemsta', kind: 'prefix', article: 'g0-special-goroutine' },
  { q: 'systemstak', kind: 'typo', article: 'g0-special-goroutine' },
  { q: 'gsingal stack', kind: 'typo', article: 'g0-special-goroutine', heading: 'gsignal-the-other-system-stack' },

  // go-execution-tracing
  { q: 'flight recorder', kind: 'exact', article: 'go-execution-tracing', heading: 'flight-recording-keeping-the-last-few-seconds' },
  { q: 'flight rec', kind: 'prefix', article: 'go-execution-tracing', heading: 'flight-recording-keeping-the-last-few-seconds' },
  { q: 'flight recordr', kind: 'typo', article: 'go-execution-tracing', heading: 'flight-recording-keeping-the-last-few-seconds' },
  { q: 'trace tasks regions', kind: 'exact', article: 'go-execution-tracing', heading: 'annotating-your-own-code-tasks-regions-and-logs' },
  { q: 'GC lanes mark assist', kind: 'exact', article: 'go-execution-tracing', heading: 'gc-lanes-and-mark-assist' },
  { q: 'exection trace', kind: 'typo', article: 'go-execution-tracing' },
  { q: 'trace viewer', kind: 'exact', article: 'go-execution-tracing' },

  // go-memory-ballast-and-gomemlimit
  { q: 'GOMEMLIMIT', kind: 'exact', article: 'go-memory-ballast-and-gomemlimit' },
  { q: 'memory ballast', kind: 'exact', article: 'go-memory-ballast-and-gomemlimit' },
  { q: 'GOMEMLIMT', kind: 'typo', article: 'go-memory-ballast-and-gomemlimit' },
  { q: 'death spiral', kind: 'exact', article: 'go-memory-ballast-and-gomemlimit', heading: 'the-death-spiral-and-the-cpu-limiter' },
  { q: 'death spi', kind: 'prefix', article: 'go-memory-ballast-and-gomemlimit', heading: 'the-death-spiral-and-the-cpu-limiter' },
  { q: 'GOGC pacer', kind: 'exact', article: 'go-memory-ballast-and-gomemlimit', heading: 'how-the-pacer-decides-when-to-collect' },
  { q: 'balast twitch', kind: 'typo', article: 'go-memory-ballast-and-gomemlimit' },

  // go-scheduler-affinity
  { q: 'work stealing', kind: 'exact', article: 'go-scheduler-affinity', heading: 'work-stealing' },
  { q: 'runnext', kind: 'exact', article: 'go-scheduler-affinity', heading: 'runnext-and-the-inherited-time-slice' },
  { q: 'LockOSThread', kind: 'exact', article: 'go-scheduler-affinity', heading: 'pinning-a-goroutine-lockosthread' },
  { q: 'lockosthraed', kind: 'typo', article: 'go-scheduler-affinity', heading: 'pinning-a-goroutine-lockosthread' },
  { q: 'local run qu', kind: 'prefix', article: 'go-scheduler-affinity' },
  { q: 'work staeling', kind: 'typo', article: 'go-scheduler-affinity', heading: 'work-stealing' },

  // inside-cloud-spanner
  { q: 'commit wait', kind: 'exact', article: 'inside-cloud-spanner', heading: 'why-commit-wait-buys-external-consistency' },
  { q: 'comit wait', kind: 'typo', article: 'inside-cloud-spanner' },
  { q: 'TrueTime', kind: 'exact', article: 'inside-cloud-spanner', heading: 'truetime-a-clock-that-reports-its-own-error' },
  { q: 'truetiem', kind: 'typo', article: 'inside-cloud-spanner' },
  { q: 'stale reads', kind: 'exact', article: 'inside-cloud-spanner', heading: 'the-read-path-strong-versus-stale' },
  { q: 'processing units', kind: 'exact', article: 'inside-cloud-spanner', heading: 'sizing-nodes-and-processing-units' },
  { q: 'paxos lead', kind: 'prefix', article: 'inside-cloud-spanner', heading: 'splits-replicas-and-paxos-leaders' },
  { q: 'spaner splits', kind: 'typo', article: 'inside-cloud-spanner' },

  // resilient-api-platform-fox
  { q: 'circut breaker half open', kind: 'typo', article: 'resilient-api-platform-fox' },
  { q: 'hystrix', kind: 'exact', article: 'resilient-api-platform-fox', heading: 'how-hystrix-go-decides-to-trip' },
  { q: 'gobreaker', kind: 'exact', article: 'resilient-api-platform-fox', heading: 'the-same-breaker-with-gobreaker' },
  { q: 'strangler proxy', kind: 'exact', article: 'resilient-api-platform-fox', heading: 'migrating-without-downtime-the-strangler-proxy' },
  { q: 'DEFCON levels', kind: 'exact', article: 'resilient-api-platform-fox', heading: 'defcon-levels-planned-degradation' },
  { q: 'bulkhe', kind: 'prefix', article: 'resilient-api-platform-fox', heading: 'breakers-need-bulkheads-timeouts-and-careful-retries' },
  { q: 'ad break herd', kind: 'exact', article: 'resilient-api-platform-fox', heading: 'singleflight-against-the-ad-break-herd' },
  { q: 'graceful degredation', kind: 'typo', article: 'resilient-api-platform-fox' },
  { q: 'throtling', kind: 'typo', article: 'resilient-api-platform-fox', heading: 'throttling-at-the-edge' },

  // event-sourcing-at-grab
  { q: 'Coban', kind: 'exact', article: 'event-sourcing-at-grab' },
  { q: 'replay rewind', kind: 'exact', article: 'event-sourcing-at-grab', heading: 'replay-rewind-and-the-failure-policy' },
  { q: 'deduplic', kind: 'prefix', article: 'event-sourcing-at-grab' },
  { q: 'kuberentes pipelines', kind: 'typo', article: 'event-sourcing-at-grab', heading: 'running-hundreds-of-pipelines-on-kubernetes' },
  { q: 'event sourcing kafka', kind: 'exact', article: 'event-sourcing-at-grab' },

  // bittorrent-client-in-go
  { q: 'bencode', kind: 'exact', article: 'bittorrent-client-in-go', heading: 'bencode-the-format-of-everything' },
  { q: 'info hash', kind: 'exact', article: 'bittorrent-client-in-go', heading: 'the-metainfo-and-the-info-hash' },
  { q: 'peer handshake', kind: 'exact', article: 'bittorrent-client-in-go', heading: 'the-handshake' },
  { q: 'choke state machine', kind: 'exact', article: 'bittorrent-client-in-go', heading: 'messages-and-the-choke-state-machine' },
  { q: 'bitorrent tracker', kind: 'typo', article: 'bittorrent-client-in-go', heading: 'asking-the-tracker-for-peers' },
  { q: 'bencod', kind: 'prefix', article: 'bittorrent-client-in-go' },
  { q: 'SHA-1 pieces', kind: 'exact', article: 'bittorrent-client-in-go', heading: 'verifying-pieces-with-sha-1' },
  { q: 'piplining blocks', kind: 'typo', article: 'bittorrent-client-in-go', heading: 'requesting-blocks-with-a-pipeline' },

  // dynamodb-single-table-design
  { q: 'single-table design', kind: 'exact', article: 'dynamodb-single-table-design' },
  { q: 'item collections', kind: 'exact', article: 'dynamodb-single-table-design', heading: 'item-collections' },
  { q: 'overloaded global secondary indexes', kind: 'exact', article: 'dynamodb-single-table-design', heading: 'overloaded-global-secondary-indexes' },
  { q: 'acess patterns', kind: 'typo', article: 'dynamodb-single-table-design', heading: 'start-from-access-patterns' },
  { q: 'single tab', kind: 'prefix', article: 'dynamodb-single-table-design' },

  // dynamodb-z-order-indexing
  { q: 'z-order', kind: 'exact', article: 'dynamodb-z-order-indexing' },
  { q: 'BIGMIN LITMAX', kind: 'exact', article: 'dynamodb-z-order-indexing', heading: 'skipping-the-gaps-bigmin-and-litmax' },
  { q: 'interleaving bits', kind: 'exact', article: 'dynamodb-z-order-indexing', heading: 'interleaving-bits' },
  { q: 'interleving bits', kind: 'typo', article: 'dynamodb-z-order-indexing', heading: 'interleaving-bits' },
  { q: 'bigm', kind: 'prefix', article: 'dynamodb-z-order-indexing', heading: 'skipping-the-gaps-bigmin-and-litmax' },

  // ml-nlp-python-tutorials-map
  { q: 'machine learning tutorials', kind: 'exact', article: 'ml-nlp-python-tutorials-map' },
  { q: 'link rot', kind: 'exact', article: 'ml-nlp-python-tutorials-map' },
  { q: 'nueral networks', kind: 'typo', article: 'ml-nlp-python-tutorials-map', heading: 'stage-3-neural-networks-from-the-inside' },
  { q: 'classical machine lea', kind: 'prefix', article: 'ml-nlp-python-tutorials-map', heading: 'stage-2-classical-machine-learning' },
  { q: 'reading list in go', kind: 'exact', article: 'ml-nlp-python-tutorials-map', heading: 'checking-a-reading-list-in-go' },

  // single words with two letters swapped, and more prefixes (the last word still being typed)
  { q: 'hystirx', kind: 'typo', article: 'resilient-api-platform-fox', heading: 'how-hystrix-go-decides-to-trip' },
  { q: 'bencdoe', kind: 'typo', article: 'bittorrent-client-in-go', heading: 'bencode-the-format-of-everything' },
  { q: 'spnaner', kind: 'typo', article: 'inside-cloud-spanner' },
  { q: 'gsingal', kind: 'typo', article: 'g0-special-goroutine', heading: 'gsignal-the-other-system-stack' },
  { q: 'ballsat', kind: 'typo', article: 'go-memory-ballast-and-gomemlimit' },
  { q: 'kafak', kind: 'typo', article: 'event-sourcing-at-grab' },
  { q: 'runnxet', kind: 'typo', article: 'go-scheduler-affinity', heading: 'runnext-and-the-inherited-time-slice' },
  { q: 'paxso leaders', kind: 'typo', article: 'inside-cloud-spanner', heading: 'splits-replicas-and-paxos-leaders' },
  { q: 'errgorup pipeline', kind: 'typo', article: 'errgroup-package' },
  { q: 'gomeml', kind: 'prefix', article: 'go-memory-ballast-and-gomemlimit' },
  { q: 'truet', kind: 'prefix', article: 'inside-cloud-spanner' },
  { q: 'hystr', kind: 'prefix', article: 'resilient-api-platform-fox', heading: 'how-hystrix-go-decides-to-trip' },
  { q: 'strangl', kind: 'prefix', article: 'resilient-api-platform-fox' },
  { q: 'lockos', kind: 'prefix', article: 'go-scheduler-affinity', heading: 'pinning-a-goroutine-lockosthread' },
  { q: 'mcal', kind: 'prefix', article: 'g0-special-goroutine' },
  { q: 'item coll', kind: 'prefix', article: 'dynamodb-single-table-design', heading: 'item-collections' },
  { q: 'event sourc', kind: 'prefix', article: 'event-sourcing-at-grab' },

  // api-gateway-http-apis
  { q: 'http api vs rest api', kind: 'exact', article: 'api-gateway-http-apis' },
  { q: 'usage plans api keys', kind: 'exact', article: 'api-gateway-http-apis' },
  { q: 'JWT authorizer', kind: 'exact', article: 'api-gateway-http-apis', heading: 'jwt-authorizers' },
  { q: 'payload format 2.0', kind: 'exact', article: 'api-gateway-http-apis', heading: 'a-go-handler-for-payload-format-20' },
  { q: 'per-client throttling', kind: 'exact', article: 'api-gateway-http-apis' },
  { q: 'api gatew', kind: 'prefix', article: 'api-gateway-http-apis' },
  { q: 'authorize', kind: 'prefix', article: 'api-gateway-http-apis', heading: 'jwt-authorizers' },
  { q: 'lamdba handler', kind: 'typo', article: 'api-gateway-http-apis', heading: 'a-go-handler-for-payload-format-20' },
  { q: 'reqeust validation', kind: 'typo', article: 'api-gateway-http-apis' },

  // athena-cloudfront-log-queries
  { q: 'partition projection', kind: 'exact', article: 'athena-cloudfront-log-queries', heading: 'partition-projection-for-cloudfront-logs' },
  { q: 'athena cloudfront logs', kind: 'exact', article: 'athena-cloudfront-log-queries' },
  { q: 'hive-style partitions', kind: 'exact', article: 'athena-cloudfront-log-queries', heading: 'hive-style-partitions' },
  { q: 'MSCK REPAIR', kind: 'exact', article: 'athena-cloudfront-log-queries' },
  { q: 'parquet columnar', kind: 'exact', article: 'athena-cloudfront-log-queries', heading: 'columnar-formats-multiply-the-savings' },
  { q: 'bytes scan', kind: 'prefix', article: 'athena-cloudfront-log-queries' },
  { q: 'parqu', kind: 'prefix', article: 'athena-cloudfront-log-queries' },
  { q: 'athena partiton projection', kind: 'typo', article: 'athena-cloudfront-log-queries', heading: 'partition-projection-for-cloudfront-logs' },
  { q: 'cloudfornt logs', kind: 'typo', article: 'athena-cloudfront-log-queries' },
  { q: 'colunmar formats', kind: 'typo', article: 'athena-cloudfront-log-queries', heading: 'columnar-formats-multiply-the-savings' },

  // Questions, in a reader's words rather than the articles' (issue 15): each names the article and
  // the section that answers it.
  { q: 'how do I cancel other goroutines when one fails', kind: 'question', article: 'errgroup-package', heading: 'withcontext-the-first-failure-stops-the-rest' },
  { q: 'dedupe concurrent requests for the same key', kind: 'question', article: 'advanced-go-concurrency', heading: 'singleflight-collapse-duplicate-calls' },
  { q: 'how can I stop many requests hitting the database at once for the same value', kind: 'question', article: 'advanced-go-concurrency', heading: 'singleflight-collapse-duplicate-calls' },
  { q: 'how do I limit how many goroutines run at the same time', kind: 'question', article: 'errgroup-package', heading: 'bounded-concurrency-with-setlimit-and-trygo' },
  { q: 'how do I bound work by memory cost instead of by count', kind: 'question', article: 'advanced-go-concurrency', heading: 'weighted-semaphores-bound-work-by-cost' },
  { q: 'why is my big job starved behind small ones in a semaphore', kind: 'question', article: 'advanced-go-concurrency', heading: 'fifo-and-head-of-line-blocking' },
  { q: 'what happens when the leader of a singleflight call is cancelled', kind: 'question', article: 'advanced-go-concurrency', heading: 'errors-panics-and-the-leaders-context' },
  { q: 'what is the g0 goroutine for', kind: 'question', article: 'g0-special-goroutine' },
  { q: 'why does the scheduler run on its own stack', kind: 'question', article: 'g0-special-goroutine', heading: 'why-the-scheduler-needs-its-own-stack' },
  { q: 'how big is the system stack of a thread', kind: 'question', article: 'g0-special-goroutine', heading: 'how-big-is-g0s-stack' },
  { q: 'how does a goroutine stack grow when it runs out of space', kind: 'question', article: 'g0-special-goroutine', heading: 'growing-stacks' },
  { q: 'which stack do signal handlers run on', kind: 'question', article: 'g0-special-goroutine', heading: 'gsignal-the-other-system-stack' },
  { q: 'how does an idle processor find goroutines to run from another one', kind: 'question', article: 'go-scheduler-affinity', heading: 'work-stealing' },
  { q: 'why does a newly woken goroutine run next on the same processor', kind: 'question', article: 'go-scheduler-affinity', heading: 'runnext-and-the-inherited-time-slice' },
  { q: 'how often does the scheduler check the global run queue', kind: 'question', article: 'go-scheduler-affinity', heading: 'where-a-scheduling-round-looks-for-work' },
  { q: 'how do I keep a goroutine on one operating system thread', kind: 'question', article: 'go-scheduler-affinity', heading: 'pinning-a-goroutine-lockosthread' },
  { q: 'should I replace a memory ballast with GOMEMLIMIT', kind: 'question', article: 'go-memory-ballast-and-gomemlimit', heading: 'gomemlimit-is-a-ceiling-not-a-floor' },
  { q: 'why does the garbage collector run so often with a small heap', kind: 'question', article: 'go-memory-ballast-and-gomemlimit', heading: 'how-the-pacer-decides-when-to-collect' },
  { q: 'why did latency spike during garbage collection', kind: 'question', article: 'go-memory-ballast-and-gomemlimit', heading: 'gc-assists-where-the-latency-came-from' },
  { q: 'what happens when the heap gets close to the memory limit', kind: 'question', article: 'go-memory-ballast-and-gomemlimit', heading: 'the-death-spiral-and-the-cpu-limiter' },
  { q: 'how do I read the output of GODEBUG gctrace', kind: 'question', article: 'go-memory-ballast-and-gomemlimit', heading: 'reading-a-gctrace-line' },
  { q: 'how do I store several entity types in one DynamoDB table', kind: 'question', article: 'dynamodb-single-table-design' },
  { q: 'how do I fetch a customer and their orders in one request', kind: 'question', article: 'dynamodb-single-table-design', heading: 'item-collections' },
  { q: 'how do I keep an email address unique in DynamoDB', kind: 'question', article: 'dynamodb-single-table-design', heading: 'writes-and-uniqueness' },
  { q: 'when should I not use a single table', kind: 'question', article: 'dynamodb-single-table-design', heading: 'when-not-to-use-it' },
  { q: 'how do I query a box of two attributes with one sort key', kind: 'question', article: 'dynamodb-z-order-indexing' },
  { q: 'how do I skip the parts of the key range outside the box', kind: 'question', article: 'dynamodb-z-order-indexing', heading: 'skipping-the-gaps-bigmin-and-litmax' },
  { q: 'why do items with the same z address overwrite each other', kind: 'question', article: 'dynamodb-z-order-indexing', heading: 'a-sort-key-that-is-actually-unique' },
  { q: 'how can negative numbers sort correctly as bits', kind: 'question', article: 'dynamodb-z-order-indexing', heading: 'encoding-values-so-their-bits-sort' },
  { q: 'how does Spanner keep transactions externally consistent', kind: 'question', article: 'inside-cloud-spanner', heading: 'why-commit-wait-buys-external-consistency' },
  { q: 'how long does a Spanner commit wait', kind: 'question', article: 'inside-cloud-spanner', heading: 'how-long-commit-wait-lasts' },
  { q: 'what does a clock with an error bound mean', kind: 'question', article: 'inside-cloud-spanner', heading: 'truetime-a-clock-that-reports-its-own-error' },
  { q: 'can I read slightly stale data to get lower latency', kind: 'question', article: 'inside-cloud-spanner', heading: 'the-read-path-strong-versus-stale' },
  { q: 'how many nodes do I need for my database', kind: 'question', article: 'inside-cloud-spanner', heading: 'sizing-nodes-and-processing-units' },
  { q: 'how much does a query on my CDN logs cost', kind: 'question', article: 'athena-cloudfront-log-queries', heading: 'what-a-query-costs' },
  { q: 'how do I stop scanning every log file for one day', kind: 'question', article: 'athena-cloudfront-log-queries', heading: 'hive-style-partitions' },
  { q: 'why are new partitions missing from my query results', kind: 'question', article: 'athena-cloudfront-log-queries', heading: 'registering-partitions-and-why-projection-won' },
  { q: 'does converting logs to parquet make queries cheaper', kind: 'question', article: 'athena-cloudfront-log-queries', heading: 'columnar-formats-multiply-the-savings' },
  { q: 'which is cheaper HTTP API or REST API', kind: 'question', article: 'api-gateway-http-apis', heading: 'what-http-apis-cost-and-how-fast-they-are' },
  { q: 'how do I rate limit each client on an HTTP API', kind: 'question', article: 'api-gateway-http-apis', heading: 'throttling-account-route-and-the-missing-per-client-limit' },
  { q: 'how do I validate a JSON web token at the gateway', kind: 'question', article: 'api-gateway-http-apis', heading: 'jwt-authorizers' },
  { q: 'what features does the cheaper API type leave out', kind: 'question', article: 'api-gateway-http-apis', heading: 'what-you-give-up' },
  { q: 'where should I start learning machine learning', kind: 'question', article: 'ml-nlp-python-tutorials-map', heading: 'a-learning-map-to-lay-over-the-list' },
  { q: 'how does gradient descent work by hand', kind: 'question', article: 'ml-nlp-python-tutorials-map', heading: 'a-worked-example-gradient-descent-by-hand' },
  { q: 'how do I find dead links in a reading list', kind: 'question', article: 'ml-nlp-python-tutorials-map', heading: 'checking-a-reading-list-in-go' },
  { q: 'how do I stop a failing dependency from taking my service down', kind: 'question', article: 'resilient-api-platform-fox', heading: 'circuit-breakers-fail-fast-then-fail-forward' },
  { q: 'how do I migrate from a monolith without downtime', kind: 'question', article: 'resilient-api-platform-fox', heading: 'migrating-without-downtime-the-strangler-proxy' },
  { q: 'how do I switch features off when load is too high', kind: 'question', article: 'resilient-api-platform-fox', heading: 'defcon-levels-planned-degradation' },
];
