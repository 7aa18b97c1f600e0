/** <Playground id="…" /> in MDX: the runnable demo (components/playground/). */
export { Playground } from '@/components/playground/Playground';
