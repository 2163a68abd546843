import type { MouseEvent } from "react";

/** What takes a click for itself: fields, buttons, links, boxes to tick, tabs. */
const CONTROLS = [
  "a",
  "button",
  "input",
  "label",
  "select",
  "summary",
  "textarea",
  "[role=button]",
  "[role=checkbox]",
  "[role=link]",
  "[role=radio]",
  "[role=switch]",
  "[role=tab]",
].join(", ");

/**
 * Whether a click on an element came from a control inside it (a field to focus, a box to tick, a
 * button): that click is the control's own. The recording showed a click on the element itself (a
 * card's background), and only such clicks lead where it led.
 */
export function fromControl(event: MouseEvent<Element>): boolean {
  const control = event.target instanceof Element ? event.target.closest(CONTROLS) : null;
  return (
    control !== null && control !== event.currentTarget && event.currentTarget.contains(control)
  );
}
