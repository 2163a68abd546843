import { useEffect } from "react";
import { useNavigate } from "react-router-dom";

/** One wheel gesture (several notches) moves one view: notches this soon after a move are ignored. */
const GESTURE_MS = 600;
let lastMove = -Infinity;

/**
 * Show the screen the recording showed after scrolling: the recording holds one view per scroll
 * position, so the wheel moves between them. Pass a stable object (a module constant).
 */
export function useScrollNavigation(routes: Readonly<{ down?: string; up?: string }>): void {
  const navigate = useNavigate();

  useEffect(() => {
    const onWheel = (event: WheelEvent) => {
      const to = event.deltaY > 0 ? routes.down : event.deltaY < 0 ? routes.up : undefined;
      if (to === undefined || event.timeStamp - lastMove < GESTURE_MS) return;
      lastMove = event.timeStamp;
      void navigate(to);
    };
    window.addEventListener("wheel", onWheel, { passive: true });
    return () => window.removeEventListener("wheel", onWheel);
  }, [navigate, routes]);
}
