// A table wider than the screen scrolls sideways inside this box. A scrollable region must be
// reachable with the keyboard (then the arrow keys scroll it), so the box is a named region that takes focus.
import type { ComponentChildren } from "preact";

export function Scroll(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable for keyboard users (WCAG 2.1.1)
    <section class="scroll" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}
