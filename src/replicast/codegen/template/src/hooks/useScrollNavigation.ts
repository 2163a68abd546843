import { useEffect } from "react";
import { useNavigate } from "react-router-dom";

/** One wheel gesture (several notches) moves one view: notches this soon after a move are ignored. */
const GESTURE_MS = 600;
let lastMove = -Infinity;

// the rest of a gesture that moved to another view does not scroll that view, whether or not the
// wheel leads on from it (a view a little taller than the window would show scrolled by it)
window.addEventListener(
  "wheel",
  (event) => {
    if (event.timeStamp - lastMove < GESTURE_MS) event.preventDefault();
  },
  { passive: false },
);

type ScrollRoutes = Readonly<{ down?: string; up?: string; right?: string; left?: string }>;

/** The route a wheel notch leads to: along the axis it moved most, as the recording was read. */
function routeFor(event: WheelEvent, routes: ScrollRoutes): string | undefined {
  const { deltaX: dx, deltaY: dy } = event;
  if (dx === 0 && dy === 0) return undefined;
  if (Math.abs(dy) >= Math.abs(dx)) return dy > 0 ? routes.down : routes.up;
  return dx > 0 ? routes.right : routes.left;
}

/**
 * Show the screen the recording showed after scrolling (down, up or sideways): the recording holds
 * one view per scroll position, so the wheel moves between them; the next view shows from its top.
 * Pass a stable object (a module constant).
 */
export function useScrollNavigation(routes: ScrollRoutes): void {
  const navigate = useNavigate();

  useEffect(() => {
    const onWheel = (event: WheelEvent) => {
      const to = routeFor(event, routes);
      if (to === undefined) return;
      event.preventDefault();
      if (event.timeStamp - lastMove < GESTURE_MS) return;
      lastMove = event.timeStamp;
      window.scrollTo(0, 0);
      void navigate(to);
    };
    window.addEventListener("wheel", onWheel, { passive: false });
    return () => window.removeEventListener("wheel", onWheel);
  }, [navigate, routes]);
}
