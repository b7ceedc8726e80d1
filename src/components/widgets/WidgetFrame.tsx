// The frame every widget shares: a labelled <section> carrying the widget contract
// (`.widget[data-widget]`, which tests and the bench look for), its title and intro, and a body
// that Pagefind does not index (controls and numbers are not prose).
import type { ReactNode } from 'react';

interface Props {
  /** The data-widget name. */
  name: string;
  /** Extra class for the widget's own styles. */
  className: string;
  /** id of the title (unique on the page). */
  titleId: string;
  title: string;
  intro: ReactNode;
  children: ReactNode;
}

export function WidgetFrame({ name, className, titleId, title, intro, children }: Props) {
  return (
    <section className={`widget ${className}`} data-widget={name} aria-labelledby={titleId}>
      <h3 className="widget-title" id={titleId}>{title}</h3>
      <p className="small muted">{intro}</p>
      <div data-pagefind-ignore>{children}</div>
    </section>
  );
}
