import { useEffect, type ReactNode } from "react";
import { viewport } from "../viewport";

type ScreenFrameProps = {
  /** Tailwind classes for the screen's own look, e.g. its background colour. */
  className?: string;
  /** Content height in px when the screen is taller than the viewport (the page then scrolls). */
  height?: number;
  /** Content width in px when the screen is wider than the viewport (the page then scrolls sideways). */
  width?: number;
  children?: ReactNode;
};

/**
 * The canvas a screen draws on: at least as wide and as tall as the recording's viewport (wider
 * when the recording scrolled the page sideways). The screen lays its children out with flex
 * classes (`className`).
 */
export function ScreenFrame({
  className = "",
  height = viewport.height,
  width,
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
      style={{ minHeight: Math.max(height, viewport.height), minWidth: width }}
    >
      {children}
    </main>
  );
}
