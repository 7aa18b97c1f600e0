import type { Facets } from '@/lib/search/documents';

interface Props {
  /** Undefined until the index has loaded: the selects then offer only "All". */
  facets: Facets | undefined;
  topic: string;
  tag: string;
  onTopicChange: (topic: string) => void;
  onTagChange: (tag: string) => void;
  /** Give the selects form names (topic, tag), for the /search form that also works as a plain GET. */
  named?: boolean;
}

/** The topic and tag filters, shared by the dialog and the /search page. */
export function SearchFilters({ facets, topic, tag, onTopicChange, onTagChange, named = false }: Props) {
  return (
    <div className="search-filters">
      <label>
        <span>Topic</span>
        <select name={named ? 'topic' : undefined} value={topic} onChange={(event) => onTopicChange(event.target.value)}>
          <option value="">All topics</option>
          {facets?.topics.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Tag</span>
        <select name={named ? 'tag' : undefined} value={tag} onChange={(event) => onTagChange(event.target.value)}>
          <option value="">All tags</option>
          {facets?.tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
