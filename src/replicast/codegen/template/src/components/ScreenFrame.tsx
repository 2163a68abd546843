import { useEffect, type ReactNode } from "react";
import { viewport } from "../viewport";

type ScreenFrameProps = {
  /** Tailwind classes for the screen's own look, e.g. its background colour. */
  className?: string;
  /** Content height in px when the screen is taller than the viewport (the page then scrolls). */
  height?: number;
  children?: ReactNode;
};

/**
 * The canvas a screen draws on: as wide as the page and at least as tall as the recording's
 * viewport. The screen lays its children out with flex classes (`className`).
 */
export function ScreenFrame({
  className = "",
  height = viewport.height,
  children,
}: ScreenFrameProps) {
  // a new screen starts at the top, as a page load would (a block body: scrollTo may return a
  // Promise, which React would take for a cleanup function)
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);

  return (
    <main
      className={`relative w-full overflow-x-clip ${className}`}
      style={{ minHeight: Math.max(height, viewport.height) }}
    >
      {children}
    </main>
  );
}
