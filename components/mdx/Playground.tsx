import Link from 'next/link';

/** Placeholder until the interactive playground lands: names the demo and links to it. */
export function Playground({ id }: { id: string }) {
  return (
    <section className="playground-placeholder" aria-label={`Playground: ${id}`} data-playground-id={id}>
      <p>
        Live playground <code>{id}</code>: <Link href={`/playgrounds/${id}`}>open it</Link>.
      </p>
    </section>
  );
}
