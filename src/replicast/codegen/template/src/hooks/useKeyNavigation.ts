import { useEffect } from "react";
import { useNavigate } from "react-router-dom";

/**
 * Navigate when one of `routes`' keys (KeyboardEvent.key values, e.g. "Enter") is pressed anywhere
 * on the page. Pass a stable object (a module constant) so the listener is not re-added each render.
 */
export function useKeyNavigation(routes: Readonly<Record<string, string>>): void {
  const navigate = useNavigate();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const to = Object.hasOwn(routes, event.key) ? routes[event.key] : undefined;
      if (to !== undefined) void navigate(to);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [navigate, routes]);
}
